#!/usr/bin/env bash
# Runs the whole Custos system on this machine: embedded PostgreSQL, Keycloak (on that PostgreSQL) and the
# application on Payara Micro, with the demo tenants and users. Needs Java 17 and Maven; everything else
# (Keycloak, Payara Micro, PostgreSQL binaries, libraries) is fetched through Maven once and cached.
#
#   ./run.sh            build what is missing, start everything, print URLs and DEV-ONLY credentials; Ctrl-C stops
#   ./run.sh stop       stop a stack started by ./run.sh in another terminal
#   ./run.sh totp USER  print the current TOTP code of a demo user (for password + TOTP logins)
#   ./run.sh rebuild    rebuild the application, then start
#   ./run.sh keys DIR [KEK_KEYSET_FILE]   generate production keysets (data, index, audit-mac, audit-signing),
#                                         optionally encrypted by a KEK
#   ./run.sh audit-verify [TENANT]        verify the running stack's audit chains from the command line
#
# State (database, unpacked Keycloak, generated dev secrets, logs) lives in ./.run; ports and paths come from
# CUSTOS_HTTP_PORT (8080), CUSTOS_KEYCLOAK_PORT (8180), CUSTOS_POSTGRES_PORT (15432), CUSTOS_SMTP_PORT (2525), CUSTOS_RUN_DIR (./.run).
set -euo pipefail
cd "$(dirname "$0")"

launcher_classpath() {
  echo "dev-stack/target/classes:$(cat dev-stack/target/launcher.classpath)"
}

build() {
  echo "Building (first time: Maven downloads Payara Micro, Keycloak, HAPI FHIR; this takes a few minutes) ..."
  mvn -B -q -DskipTests install
}

command="${1:-run}"
case "$command" in
  rebuild) build; command=run ;;
  run|stop|totp|infra|keys|audit-verify) ;;
  *) echo "usage: ./run.sh [run|stop|totp USER|rebuild|keys DIR [KEK_KEYSET_FILE]|audit-verify [TENANT]]" >&2; exit 2 ;;
esac

if [ ! -f dev-stack/target/launcher.classpath ] || [ ! -f web-module/target/custos.war ] \
   || [ ! -f dev-stack/target/classes/devstack.properties ]; then
  build
fi

shift || true
# Temporary files stay in the run folder: the stack writes nothing outside the project and the Maven cache.
run_dir="${CUSTOS_RUN_DIR:-$PWD/.run}"
mkdir -p "$run_dir/tmp"
exec java -Djava.io.tmpdir="$run_dir/tmp" -XX:-UsePerfData -cp "$(launcher_classpath)" \
  org.custos.devstack.Main "$command" "$@"
