#!/usr/bin/env bash
# Benchmark of the running system, printed side by side in one run:
#   - ingest rate of a Synthea 3.3.0 export (10 patients, full history, ~36,000 resources; generated once and cached)
#   - Patient read p50/p99 at 1 and 20 concurrent clients, and its ratio to an authenticated JAX-RS ping
#     (/api/admin/ping) on the same server, measured interleaved
#   - identifier search p50/p99
# Uses the stack of ./run.sh when one is running; otherwise starts it, and stops it afterwards.
# Each run loads the export again (Synthea's transactions create new resources), so the database grows.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${CUSTOS_HTTP_PORT:-8080}"
started_here=false
if ! curl -sf "http://localhost:${port}/health" > /dev/null 2>&1; then
  mkdir -p .run
  echo "Starting the stack with ./run.sh (log: .run/bench-stack.log) ..."
  ./run.sh > .run/bench-stack.log 2>&1 &
  started_here=true
  for _ in $(seq 1 150); do
    curl -sf "http://localhost:${port}/health" > /dev/null 2>&1 && break
    sleep 2
  done
fi
trap '[ "$started_here" = true ] && ./run.sh stop > /dev/null 2>&1 || true' EXIT
mvn -B -q -pl dev-stack test-compile exec:java -Dexec.mainClass=org.custos.bench.Bench -Dexec.classpathScope=test
