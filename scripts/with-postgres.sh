#!/usr/bin/env bash
# Runs a command (the test suite) with throwaway PostgreSQL clusters on free loopback ports.
#
#   scripts/with-postgres.sh swift test
#
# Installs Debian's postgresql package when it is missing (root only), starts three clusters
# under a temporary directory — a shared one for the tests, one that the outage test may stop
# and restart, and one the crash test kills — exports their URLs, and removes everything when
# the command ends.
set -euo pipefail

fail() { echo "make test: $*" >&2; exit 1; }

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

pg_bin=$(find_bin)
if [ -z "$pg_bin" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "make test: installing PostgreSQL from Debian's packages…"
    apt-get update -qq >/dev/null || fail "apt-get update failed; cannot install PostgreSQL"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || fail "apt-get install postgresql failed"
    pg_bin=$(find_bin)
  fi
fi
[ -n "$pg_bin" ] || fail "PostgreSQL is not installed. Install Debian's 'postgresql' package (apt-get install postgresql) or run make test as root so it can."

# initdb refuses to run as root, so root runs the server as the package's postgres user.
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || fail "running as root needs the 'postgres' user that Debian's postgresql package creates"
  as_pg=(runuser -u postgres --)
else
  as_pg=()
fi

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

root=$(mktemp -d /tmp/byline-pg.XXXXXX)
chmod 755 "$root"
[ "$(id -u)" -eq 0 ] && chown postgres "$root"

clusters=()
cleanup() {
  for cluster in "${clusters[@]}"; do
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$cluster" -m immediate stop >/dev/null 2>&1 || true
  done
  rm -rf "$root"
}
trap cleanup EXIT INT TERM

# start_cluster NAME PORT: a trust-authenticated cluster for user "byline", tuned for tests
# (no fsync: the data is thrown away), listening on loopback only.
start_cluster() {
  local data="$root/$1" port=$2 durability="-c synchronous_commit=off -c full_page_writes=off"
  [ "$1" = crash ] && durability="-c synchronous_commit=on"
  "${as_pg[@]}" "$pg_bin/initdb" -D "$data" -U byline --auth=trust -E UTF8 --locale=C.UTF-8 >"$root/$1-initdb.log" 2>&1 \
    || fail "initdb failed for the $1 cluster: $(tail -n 3 "$root/$1-initdb.log")"
  clusters+=("$data")
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$data" -l "$root/$1.log" -w -t 60 \
    -o "-p $port -k $root -c listen_addresses=127.0.0.1 -c max_connections=800 -c fsync=off $durability" \
    start >/dev/null || fail "PostgreSQL did not start for the $1 cluster: $(tail -n 5 "$root/$1.log")"
}

main_port=$(free_port)
start_cluster main "$main_port"
outage_port=$(free_port)
start_cluster outage "$outage_port"

export BYLINE_TEST_POSTGRES_URL="postgres://byline@127.0.0.1:$main_port/postgres?sslmode=disable"
export BYLINE_TEST_OUTAGE_POSTGRES_URL="postgres://byline@127.0.0.1:$outage_port/postgres?sslmode=disable"
outage_ctl="${as_pg[*]} $pg_bin/pg_ctl -D $root/outage -l $root/outage.log -w -t 60"
export BYLINE_TEST_OUTAGE_STOP="$outage_ctl -m fast stop"
export BYLINE_TEST_OUTAGE_START="$outage_ctl -o '-p $outage_port -k $root -c listen_addresses=127.0.0.1 -c fsync=off' start"

# A third cluster for the crash test, killed with `pg_ctl -m immediate` (a database server
# crash) while writes are acknowledged. Commits are synchronous, as in production; fsync stays
# off because the operating system itself does not crash.
crash_port=$(free_port)
start_cluster crash "$crash_port"
export BYLINE_TEST_CRASH_POSTGRES_URL="postgres://byline@127.0.0.1:$crash_port/postgres?sslmode=disable"
crash_ctl="${as_pg[*]} $pg_bin/pg_ctl -D $root/crash -l $root/crash.log -w -t 60"
export BYLINE_TEST_CRASH_KILL="$crash_ctl -m immediate stop"
export BYLINE_TEST_CRASH_START="$crash_ctl -o '-p $crash_port -k $root -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=on' start"

status=0
"$@" || status=$?
# When tests fail, the server's own complaints (too many clients, a crash) say whether the
# database was the cause; the log is deleted with the cluster.
if [ "$status" -ne 0 ] && grep -qE "FATAL|PANIC" "$root/main.log" 2>/dev/null; then
  echo "── PostgreSQL's FATAL and PANIC lines during the run (of $root/main.log) ──" >&2
  grep -E "FATAL|PANIC" "$root/main.log" | sort | uniq -c | sort -rn | head -10 >&2
fi
exit "$status"
