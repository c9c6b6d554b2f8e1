#!/usr/bin/env bash
# Benchmark, printed side by side in one run, on a stack of its own (.run/bench: its own PostgreSQL, Keycloak and
# application, fresh database every run; it does not touch ./run.sh's stack or data):
#   - the application as deployed, and its unencrypted twin: the same WAR with custos.crypto.unencrypted-for-bench
#     (a switch the dev profile alone accepts) on a database of its own
#   - Synthea 3.3.0 ingest (10 patients, full history, ~36,000 resources; generated once and cached) into both,
#     bundle by bundle alternating; then the steady state before anything else is timed (the ingest's audit records
#     sealed by the background sealer, VACUUM ANALYZE, the servers idle once their JIT compiler has caught up)
#   - Patient read p50/p99 at 1 and 20 clients against an authenticated JAX-RS ping (/api/admin/ping), and
#     against the unencrypted twin; Patient create latency against the twin; identifier search
#   - the re-encryption job's rows/s after a data-key rotation
#   - audit on/off: read and search p50 at 1 and 20 clients against a twin with custos.audit.off-for-bench (dev
#     profile only) on the same database; then 20 clients for 2 minutes, PHI requests served vs their audit records
#   - consent on/off: a 100-result page of one patient's Observations (every searched patient with a consent on
#     record) at 1 and 20 clients against a twin with custos.consent.off-for-bench (dev only), same database
#   - last, the same ingest again on both servers, now warm, into the other demo tenant (riverside-clinic), so that
#     nothing measured before it sees more data
# Ports: CUSTOS_BENCH_POSTGRES_PORT (15532), CUSTOS_BENCH_KEYCLOAK_PORT (8280), CUSTOS_BENCH_HTTP_PORT (8088; the
# twins take the next three), CUSTOS_BENCH_SMTP_PORT (2625).
set -euo pipefail
cd "$(dirname "$0")/.."
export CUSTOS_RUN_DIR="$PWD/.run/bench"
export CUSTOS_POSTGRES_PORT="${CUSTOS_BENCH_POSTGRES_PORT:-15532}"
export CUSTOS_KEYCLOAK_PORT="${CUSTOS_BENCH_KEYCLOAK_PORT:-8280}"
export CUSTOS_HTTP_PORT="${CUSTOS_BENCH_HTTP_PORT:-8088}"
export CUSTOS_SMTP_PORT="${CUSTOS_BENCH_SMTP_PORT:-2625}"
mvn -B -q -DskipTests install
mvn -B -q -pl dev-stack test-compile exec:java -Dexec.mainClass=org.custos.bench.Bench -Dexec.classpathScope=test
