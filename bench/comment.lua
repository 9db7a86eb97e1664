-- Posts comments as many different readers: each request has its own address (behind the
-- trusted proxy), email and words, so that flood and duplicate rules treat them as strangers.
-- BENCH_POST_ID and BENCH_TOKEN come from the article's form.
-- done(), which prints the results, comes from report.lua (wrk runs with bench/ as its folder).
dofile("report.lua")

local post_id = os.getenv("BENCH_POST_ID")
local token = os.getenv("BENCH_TOKEN")
local counter = 0

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
  counter = counter + 1
  local n = counter .. "x" .. math.random(1, 1000000000)
  local body = "comment_post_ID=" .. post_id .. "&_token=" .. token .. "&comment_parent=0&author=Bench+Reader"
    .. "&email=r" .. n .. "%40example.com&url=&comment=A+benchmark+comment+number+" .. n
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Forwarded-For"] = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254),
  }
  return wrk.format("POST", "/comments", headers, body)
end
