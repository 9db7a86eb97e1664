-- Prints wrk's results as one JSON line for bench/run.py. Latencies are in microseconds.
-- BENCH_DELAY_MS paces each connection (a fixed pause before every request), which is how
-- the "half of peak load" runs hold the rate down with plain wrk.
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")

if pause > 0 then
  function delay()
    return pause
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"p50":%d,"p95":%d,"p99":%d,"socket_errors":%d,"status_errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
