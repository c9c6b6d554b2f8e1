#!/usr/bin/env bash
# =====================================================================================================
# Deploy the Custos EAR on a full Payara Server 6 -- and check that it works.
#
# This script is the recipe for a hospital's IT: every step below is what you would run by hand on your
# own Payara Server 6 (see "THE RECIPE" comments). Run from anywhere:
#
#     server-config/payara-server/deploy-ear.sh
#
# What it does:
#   1. builds the EAR (and the dev-stack launcher) with Maven if they are missing;
#   2. downloads Payara Server through Maven and unzips it once under <project>/.run/payara-server/;
#   3. starts PostgreSQL + Keycloak of the dev stack (own run dir and ports, so it never collides with
#      ./run.sh) -- unless you give an external database and Keycloak through the environment (below);
#   4. creates (once) and starts a Payara Server domain with the DB / MicroProfile JWT environment;
#   5. adds the PostgreSQL JDBC driver and applies server-config/payara/custos-resources.asadmin
#      (the same command file Payara Micro runs as post-boot commands);
#   6. deploys ear/target/custos.ear and checks /fhir/metadata and an authenticated Patient round trip;
#   7. stops the domain and the dev infrastructure (always, via a trap) and prints where the logs are.
# It writes nothing outside the project folder and ~/.m2, and can be run again and again (idempotent).
#
# Environment (all optional):
#   External infrastructure -- if CUSTOS_DB_URL is set, the dev PostgreSQL/Keycloak are NOT started:
#     CUSTOS_DB_URL                     JDBC URL, e.g. jdbc:postgresql://db.example.org:5432/custos?sslmode=verify-full
#     CUSTOS_DB_USER                    database role of the application            (required with CUSTOS_DB_URL)
#     CUSTOS_DB_PASSWORD                its password                                  (required with CUSTOS_DB_URL)
#     CUSTOS_DB_OWNER_USER / CUSTOS_DB_OWNER_PASSWORD   the role owning the schema, which runs the migrations
#                                       (production refuses to start when the application's role owns the tables)
#     MP_JWT_VERIFY_ISSUER              token issuer, e.g. https://sso.example.org/realms/hospital (required with CUSTOS_DB_URL)
#     CUSTOS_CRYPTO_DATA_KEYSET_FILE    Tink keyset sealing PHI (required with CUSTOS_DB_URL; './run.sh keys DIR')
#     CUSTOS_CRYPTO_INDEX_KEYSET_FILE   Tink keyset of the blind indexes            (required with CUSTOS_DB_URL)
#     CUSTOS_CRYPTO_AUDIT_MAC_KEYSET_FILE      Tink keyset authenticating audit records (required with CUSTOS_DB_URL)
#     CUSTOS_CRYPTO_AUDIT_SIGNING_KEYSET_FILE  Tink keyset signing audit checkpoints   (required with CUSTOS_DB_URL)
#     CUSTOS_CRYPTO_KEK_URI / CUSTOS_CRYPTO_KEK_KEYSET_FILE   key-encryption key of the keysets (optional)
#     CUSTOS_KEYCLOAK_ADMIN_CLIENT_SECRET  secret of the custos-admin-api service account (staff accounts API; optional)
#     MP_JWT_VERIFY_PUBLICKEY_LOCATION  JWKS URL (default: <issuer>/protocol/openid-connect/certs)
#     MP_JWT_VERIFY_AUDIENCES           audience the tokens must carry (default packaged in the EAR: fhir-api)
#     CUSTOS_CHECK_CLIENT_ID / CUSTOS_CHECK_CLIENT_SECRET
#                                       a client-credentials client of that issuer for the Patient round trip;
#                                       without them the authenticated check is skipped with external infra.
#   Dev infrastructure (when CUSTOS_DB_URL is not set):
#     CUSTOS_EAR_CHECK_RUN_DIR          state dir of the dev PostgreSQL/Keycloak   (default: <project>/.run/ear-check)
#     CUSTOS_EAR_CHECK_POSTGRES_PORT    (default: 25433)
#     CUSTOS_EAR_CHECK_KEYCLOAK_PORT    (default: 28181; Keycloak's management port is this + 1000)
#     CUSTOS_EAR_CHECK_SMTP_PORT        dev mail server of the realm's e-mails (default: 28525)
#   Payara Server:
#     CUSTOS_EAR                        the EAR to deploy                          (default: <project>/ear/target/custos.ear)
#     PAYARA_VERSION                    (default: 6.2025.9)
#     CUSTOS_PAYARA_DOMAIN              domain name                                (default: custos)
#     CUSTOS_PAYARA_PORTBASE            every port of the domain is portbase + offset: admin +48, HTTP +80,
#                                       HTTPS +81, IIOP +37..39, JMS +76, JMX +86, OSGi shell +66, debug +9
#                                       (default: 28200 -> admin 28248, HTTP 28280, away from 4848/8080/8181)
#     CUSTOS_KEEP_RUNNING=true          leave the domain running at the end (only sensible with external infra,
#                                       because the dev PostgreSQL/Keycloak are always stopped)
#
# Exit status: 0 when every check passed, non-zero otherwise.
# =====================================================================================================
set -euo pipefail

SCRIPT_START=$(date +%s%N)
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$PROJECT_ROOT"

PAYARA_VERSION="${PAYARA_VERSION:-6.2025.9}"
POSTGRESQL_DRIVER_VERSION="42.7.8"
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
DOMAIN="${CUSTOS_PAYARA_DOMAIN:-custos}"
PORTBASE="${CUSTOS_PAYARA_PORTBASE:-28200}"
ADMIN_PORT=$((PORTBASE + 48))
HTTP_PORT=$((PORTBASE + 80))
APP_URL="http://localhost:${HTTP_PORT}"

SERVER_DIR="$PROJECT_ROOT/.run/payara-server"
DOWNLOAD_DIR="$SERVER_DIR/download"
PAYARA_HOME="$SERVER_DIR/payara-${PAYARA_VERSION}/payara6"
ASADMIN="$PAYARA_HOME/bin/asadmin"
DOMAIN_DIR="$PAYARA_HOME/glassfish/domains/$DOMAIN"
SERVER_LOG="$DOMAIN_DIR/logs/server.log"
EAR="${CUSTOS_EAR:-$PROJECT_ROOT/ear/target/custos.ear}"
RESOURCES_FILE="$PROJECT_ROOT/server-config/payara/custos-resources.asadmin"

FAILURES=0
INFRA_PID=""
DOMAIN_STARTED=false

log()  { printf '\n==> %s\n' "$*"; }
pass() { printf 'PASS  %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; FAILURES=$((FAILURES + 1)); }
die()  { printf 'FAIL  %s\n' "$*" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
seconds_since() { awk -v s="$1" -v e="$(now_ms)" 'BEGIN { printf "%.1f", (e - s) / 1000 }'; }
# Remote asadmin commands talk to the domain's admin port (created with --nopassword: user admin, no password).
asadmin_remote() { "$ASADMIN" --port "$ADMIN_PORT" "$@"; }

# ---------------------------------------------------------------------------------------------------
# Clean-up: always stop what this script started (domain, dev PostgreSQL/Keycloak), whatever happened.
# ---------------------------------------------------------------------------------------------------
cleanup() {
    local status=$?
    set +e
    if [[ "$DOMAIN_STARTED" == true && "${CUSTOS_KEEP_RUNNING:-false}" != true ]]; then
        log "Stopping Payara Server domain '$DOMAIN'"
        "$ASADMIN" stop-domain "$DOMAIN" >/dev/null && echo "Domain stopped."
    fi
    if [[ -n "$INFRA_PID" ]] && kill -0 "$INFRA_PID" 2>/dev/null; then
        log "Stopping dev PostgreSQL + Keycloak (pid $INFRA_PID)"
        kill "$INFRA_PID"                 # its shutdown hook stops PostgreSQL and Keycloak cleanly
        for _ in $(seq 1 120); do kill -0 "$INFRA_PID" 2>/dev/null || break; sleep 0.5; done
        if kill -0 "$INFRA_PID" 2>/dev/null; then echo "still stopping (pid $INFRA_PID)"; else echo "Stopped."; fi
    fi
    printf '\nLogs:\n  Payara Server: %s\n' "$SERVER_LOG"
    [[ -n "$INFRA_PID" ]] && printf '  Dev infrastructure: %s (launcher.log, logs/)\n' "$INFRA_RUN_DIR"
    printf 'Whole script: %ss\n' "$(awk -v s="$SCRIPT_START" -v e="$(date +%s%N)" 'BEGIN { printf "%.1f", (e - s) / 1e9 }')"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------------
# 1. Build what is missing.
# ---------------------------------------------------------------------------------------------------
if [[ ! -f "$EAR" || ! -f dev-stack/target/launcher.classpath ]]; then
    log "Building the project (mvn install -DskipTests)"
    mvn -B -q -DskipTests install
fi
[[ -f "$EAR" ]] || die "$EAR is missing after the build"

# ---------------------------------------------------------------------------------------------------
# 2. Payara Server and the PostgreSQL JDBC driver, downloaded through Maven (cached in ~/.m2).
#    THE RECIPE: any Payara Server 6 installation will do; the zip is fish.payara.distributions:payara.
# ---------------------------------------------------------------------------------------------------
mkdir -p "$DOWNLOAD_DIR"
PAYARA_ZIP="$DOWNLOAD_DIR/payara-${PAYARA_VERSION}.zip"
DRIVER_JAR="$DOWNLOAD_DIR/postgresql-${POSTGRESQL_DRIVER_VERSION}.jar"
if [[ ! -f "$PAYARA_ZIP" ]]; then
    log "Fetching Payara Server $PAYARA_VERSION through Maven"
    mvn -B -q -Dstyle.color=never "$DEPENDENCY_PLUGIN:copy" \
        -Dartifact="fish.payara.distributions:payara:${PAYARA_VERSION}:zip" -DoutputDirectory="$DOWNLOAD_DIR"
fi
if [[ ! -f "$DRIVER_JAR" ]]; then
    log "Fetching the PostgreSQL JDBC driver $POSTGRESQL_DRIVER_VERSION through Maven"
    mvn -B -q -Dstyle.color=never "$DEPENDENCY_PLUGIN:copy" \
        -Dartifact="org.postgresql:postgresql:${POSTGRESQL_DRIVER_VERSION}:jar" -DoutputDirectory="$DOWNLOAD_DIR"
fi
if [[ ! -x "$ASADMIN" ]]; then
    log "Unzipping Payara Server into ${PAYARA_HOME#"$PROJECT_ROOT"/}"
    rm -rf "$SERVER_DIR/payara-${PAYARA_VERSION}.tmp"
    mkdir -p "$SERVER_DIR/payara-${PAYARA_VERSION}.tmp"
    unzip -q "$PAYARA_ZIP" -d "$SERVER_DIR/payara-${PAYARA_VERSION}.tmp"
    rm -rf "$SERVER_DIR/payara-${PAYARA_VERSION}"
    mv "$SERVER_DIR/payara-${PAYARA_VERSION}.tmp" "$SERVER_DIR/payara-${PAYARA_VERSION}"   # atomic: no half unzip
fi

# ---------------------------------------------------------------------------------------------------
# 3. Infrastructure: the application needs PostgreSQL (database "custos", role "custos_app") and an
#    OpenID Connect provider (Keycloak realm "hospital"). Either given from outside, or the dev stack's.
# ---------------------------------------------------------------------------------------------------
if [[ -n "${CUSTOS_DB_URL:-}" ]]; then
    log "Using the external database and token issuer from the environment"
    : "${CUSTOS_DB_USER:?CUSTOS_DB_USER is required with CUSTOS_DB_URL}"
    : "${CUSTOS_DB_PASSWORD:?CUSTOS_DB_PASSWORD is required with CUSTOS_DB_URL}"
    : "${MP_JWT_VERIFY_ISSUER:?MP_JWT_VERIFY_ISSUER is required with CUSTOS_DB_URL}"
    : "${CUSTOS_CRYPTO_DATA_KEYSET_FILE:?CUSTOS_CRYPTO_DATA_KEYSET_FILE is required with CUSTOS_DB_URL (./run.sh keys DIR)}"
    : "${CUSTOS_CRYPTO_INDEX_KEYSET_FILE:?CUSTOS_CRYPTO_INDEX_KEYSET_FILE is required with CUSTOS_DB_URL}"
    : "${CUSTOS_CRYPTO_AUDIT_MAC_KEYSET_FILE:?CUSTOS_CRYPTO_AUDIT_MAC_KEYSET_FILE is required with CUSTOS_DB_URL}"
    : "${CUSTOS_CRYPTO_AUDIT_SIGNING_KEYSET_FILE:?CUSTOS_CRYPTO_AUDIT_SIGNING_KEYSET_FILE is required with CUSTOS_DB_URL}"
    CHECK_CLIENT_ID="${CUSTOS_CHECK_CLIENT_ID:-}"
    CHECK_CLIENT_SECRET="${CUSTOS_CHECK_CLIENT_SECRET:-}"
else
    INFRA_RUN_DIR="${CUSTOS_EAR_CHECK_RUN_DIR:-$PROJECT_ROOT/.run/ear-check}"
    PG_PORT="${CUSTOS_EAR_CHECK_POSTGRES_PORT:-25433}"
    KC_PORT="${CUSTOS_EAR_CHECK_KEYCLOAK_PORT:-28181}"
    mkdir -p "$INFRA_RUN_DIR"
    log "Starting dev PostgreSQL (:$PG_PORT) + Keycloak (:$KC_PORT), state in ${INFRA_RUN_DIR#"$PROJECT_ROOT"/}"
    INFRA_START=$(now_ms)
    CUSTOS_RUN_DIR="$INFRA_RUN_DIR" CUSTOS_POSTGRES_PORT="$PG_PORT" CUSTOS_KEYCLOAK_PORT="$KC_PORT" \
        CUSTOS_SMTP_PORT="${CUSTOS_EAR_CHECK_SMTP_PORT:-28525}" \
        java -cp "dev-stack/target/classes:$(cat dev-stack/target/launcher.classpath)" org.custos.devstack.Main infra \
        >"$INFRA_RUN_DIR/launcher.log" 2>&1 &
    INFRA_PID=$!
    # The launcher prints nothing useful until it is ready: wait for the realm's discovery document.
    WELL_KNOWN="http://localhost:$KC_PORT/realms/hospital/.well-known/openid-configuration"
    for i in $(seq 1 300); do
        curl -fsS -o /dev/null "$WELL_KNOWN" 2>/dev/null && break
        kill -0 "$INFRA_PID" 2>/dev/null || { tail -n 30 "$INFRA_RUN_DIR/launcher.log" >&2; die "dev infrastructure exited"; }
        [[ $i -eq 300 ]] && { tail -n 30 "$INFRA_RUN_DIR/launcher.log" >&2; die "Keycloak not ready after 300 s"; }
        sleep 1
    done
    echo "Ready after $(seconds_since "$INFRA_START")s."
    DB_APP_PASSWORD="$(sed -n 's/^db\.app\.password=//p' "$INFRA_RUN_DIR/dev-secrets.properties")"
    [[ -n "$DB_APP_PASSWORD" ]] || die "db.app.password not found in $INFRA_RUN_DIR/dev-secrets.properties"
    DB_OWNER_PASSWORD="$(sed -n 's/^db\.owner\.password=//p' "$INFRA_RUN_DIR/dev-secrets.properties")"
    [[ -n "$DB_OWNER_PASSWORD" ]] || die "db.owner.password not found in $INFRA_RUN_DIR/dev-secrets.properties"
    export CUSTOS_DB_URL="jdbc:postgresql://localhost:$PG_PORT/custos"
    export CUSTOS_DB_USER="custos_app"
    export CUSTOS_DB_PASSWORD="$DB_APP_PASSWORD"
    export CUSTOS_DB_OWNER_USER="custos_owner"
    export CUSTOS_DB_OWNER_PASSWORD="$DB_OWNER_PASSWORD"
    export MP_JWT_VERIFY_ISSUER="http://localhost:$KC_PORT/realms/hospital"
    export CUSTOS_PROFILE="dev"                    # the dev PostgreSQL has no TLS; production requires sslmode=verify-full
    export CUSTOS_CRYPTO_DATA_KEYSET_FILE="$INFRA_RUN_DIR/dev-keys/data-keyset.json"    # DEV KEYS of the launcher
    export CUSTOS_CRYPTO_INDEX_KEYSET_FILE="$INFRA_RUN_DIR/dev-keys/index-keyset.json"
    export CUSTOS_CRYPTO_AUDIT_MAC_KEYSET_FILE="$INFRA_RUN_DIR/dev-keys/audit-mac-keyset.json"
    export CUSTOS_CRYPTO_AUDIT_SIGNING_KEYSET_FILE="$INFRA_RUN_DIR/dev-keys/audit-signing-keyset.json"
    export CUSTOS_KEYCLOAK_ADMIN_CLIENT_SECRET="dev-custos-admin-api-secret-not-for-production"  # DEV-ONLY, realm file
    CHECK_CLIENT_ID="ehr-system"                                  # DEV-ONLY client of the dev realm
    CHECK_CLIENT_SECRET="dev-ehr-system-secret-not-for-production"
fi
export MP_JWT_VERIFY_PUBLICKEY_LOCATION="${MP_JWT_VERIFY_PUBLICKEY_LOCATION:-$MP_JWT_VERIFY_ISSUER/protocol/openid-connect/certs}"
# Every other MicroProfile Config key (mp.jwt.verify.audiences, custos.http.max-body-bytes, ...) has its default in
# custos-ejb.jar!META-INF/microprofile-config.properties; an environment variable overrides it.
export CUSTOS_DB_URL CUSTOS_DB_USER CUSTOS_DB_PASSWORD MP_JWT_VERIFY_ISSUER
if [[ -n "${CUSTOS_DB_OWNER_USER:-}" ]]; then export CUSTOS_DB_OWNER_USER CUSTOS_DB_OWNER_PASSWORD; fi
export CUSTOS_CRYPTO_DATA_KEYSET_FILE CUSTOS_CRYPTO_INDEX_KEYSET_FILE
export CUSTOS_CRYPTO_AUDIT_MAC_KEYSET_FILE CUSTOS_CRYPTO_AUDIT_SIGNING_KEYSET_FILE
export CUSTOS_PROFILE="${CUSTOS_PROFILE:-production}"

# ---------------------------------------------------------------------------------------------------
# 4. The Payara Server domain.
#    THE RECIPE: the server process must inherit CUSTOS_DB_*, CUSTOS_CRYPTO_* and MP_JWT_* -- export them in the
#    environment of `asadmin start-domain` (or of the systemd unit that runs it). The JDBC pool refers to
#    them as ${ENV=...}; MicroProfile Config reads MP_JWT_* from the environment directly.
# ---------------------------------------------------------------------------------------------------
if [[ ! -d "$DOMAIN_DIR" ]]; then
    log "Creating domain '$DOMAIN' (portbase $PORTBASE: admin $ADMIN_PORT, HTTP $HTTP_PORT)"
    "$ASADMIN" create-domain --nopassword=true --portbase "$PORTBASE" "$DOMAIN" >/dev/null
fi
# A domain left running by an aborted run has an old environment: restart it.
if "$ASADMIN" list-domains 2>/dev/null | grep -q "^$DOMAIN running"; then
    log "Domain '$DOMAIN' is already running; stopping it so that it picks up the current environment"
    "$ASADMIN" stop-domain "$DOMAIN" >/dev/null
fi
log "Starting domain '$DOMAIN'"
START=$(now_ms)
"$ASADMIN" start-domain "$DOMAIN" >/dev/null
DOMAIN_STARTED=true
SERVER_START_SECONDS=$(seconds_since "$START")
echo "Payara Server started in ${SERVER_START_SECONDS}s (admin console http://localhost:$ADMIN_PORT)."

# ---------------------------------------------------------------------------------------------------
# 4b. Heap and garbage collector.
#    THE RECIPE: asadmin delete-jvm-options -Xmx512m
#                asadmin create-jvm-options '-Xms1g:-Xmx1g:-XX\:+UseParallelGC:-XX\:MetaspaceSize=256m'
#                asadmin restart-domain (here: stop and start, in the environment above)
#    A new domain's 512 MB heap is too small: HAPI's validator alone keeps ~380 MB of R4 definitions live.
#    In 1 GB, G1 then runs its concurrent marking back to back; the throughput collector took ~18 % less
#    CPU for a Synthea ingest on two cores, with young pauses no longer than G1's (README, Benchmark). That
#    collector collects the whole heap when it grows the heap or the class metadata passes its threshold:
#    hence a heap at full size from the start and a first metadata threshold above the ~190 MB deployed.
# ---------------------------------------------------------------------------------------------------
if asadmin_remote list-jvm-options | grep -qx -- "-Xmx512m"; then
    log "Setting the domain's heap to 1 GB and its collector to the throughput collector; restarting it"
    asadmin_remote delete-jvm-options -Xmx512m >/dev/null
    asadmin_remote create-jvm-options '-Xms1g:-Xmx1g:-XX\:+UseParallelGC:-XX\:MetaspaceSize=256m' >/dev/null
    "$ASADMIN" stop-domain "$DOMAIN" >/dev/null
    "$ASADMIN" start-domain "$DOMAIN" >/dev/null
fi

# ---------------------------------------------------------------------------------------------------
# 5. JDBC driver and the application's resources.
#    THE RECIPE: asadmin add-library postgresql-<version>.jar
#                asadmin multimode --file server-config/payara/custos-resources.asadmin
#    The asadmin client does NOT expand ${ENV=CUSTOS_DB_URL} etc.: they are stored literally in
#    domain.xml (<property name="url" value="${ENV=CUSTOS_DB_URL}"/>) and resolved by the server from its
#    own environment whenever the pool is created -- so no secret lands in domain.xml, and changing the
#    values takes only a restart of the domain with the new environment.
# ---------------------------------------------------------------------------------------------------
if ! asadmin_remote list-libraries 2>/dev/null | grep -q "^postgresql-"; then
    log "Adding the PostgreSQL JDBC driver to the domain"
    asadmin_remote add-library "$DRIVER_JAR"
fi
# The command file creates the pool and the resource, which fails if they exist: re-create them, so a
# re-run always applies the current file.
if asadmin_remote list-jdbc-connection-pools 2>/dev/null | grep -qx "custos-pool"; then
    log "Removing the existing custos-pool and jdbc/custos to apply the command file again"
    asadmin_remote undeploy custos >/dev/null 2>&1 || true    # the resource is in use by a deployed app
    asadmin_remote delete-jdbc-connection-pool --cascade=true custos-pool >/dev/null
fi
log "Applying ${RESOURCES_FILE#"$PROJECT_ROOT"/}"
asadmin_remote multimode --file "$RESOURCES_FILE"   # "Unable to retrieve infocmp" from it is harmless
if asadmin_remote ping-connection-pool custos-pool >/dev/null 2>&1; then
    pass "JDBC pool custos-pool reaches the database"
else
    asadmin_remote ping-connection-pool custos-pool || true
    fail "JDBC pool custos-pool cannot reach the database"
fi

# ---------------------------------------------------------------------------------------------------
# 6. Deploy the EAR and check it.
#    THE RECIPE: asadmin deploy --force=true --name custos ear/target/custos.ear
# ---------------------------------------------------------------------------------------------------
log "Deploying ${EAR#"$PROJECT_ROOT"/}"
START=$(now_ms)
if asadmin_remote deploy --force=true --name custos "$EAR"; then
    DEPLOY_SECONDS=$(seconds_since "$START")
    pass "EAR deployed in ${DEPLOY_SECONDS}s"
else
    fail "EAR deployment failed (see $SERVER_LOG)"
    exit 1
fi

log "Checking $APP_URL"
status=$(curl -s -o /dev/null -w '%{http_code}' "$APP_URL/fhir/metadata")
if [[ "$status" == 200 ]]; then pass "GET /fhir/metadata without a token -> 200"; else fail "GET /fhir/metadata -> $status (expected 200)"; fi

if [[ -n "$CHECK_CLIENT_ID" && -n "$CHECK_CLIENT_SECRET" ]]; then
    token=$(curl -s -X POST "$MP_JWT_VERIFY_ISSUER/protocol/openid-connect/token" \
        -d grant_type=client_credentials -d "client_id=$CHECK_CLIENT_ID" --data-urlencode "client_secret=$CHECK_CLIENT_SECRET" \
        | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
    if [[ -n "$token" ]]; then
        pass "token for client '$CHECK_CLIENT_ID' from $MP_JWT_VERIFY_ISSUER"
        headers=$(mktemp)
        status=$(curl -s -o /dev/null -D "$headers" -w '%{http_code}' -X POST "$APP_URL/fhir/Patient" \
            -H "Authorization: Bearer $token" -H 'Content-Type: application/fhir+json' \
            -d '{"resourceType":"Patient","name":[{"family":"Earcheck"}]}')
        location=$(sed -n 's/^[Ll]ocation: *\([^[:space:]]*\).*/\1/p' "$headers")
        rm -f "$headers"
        if [[ "$status" == 201 && -n "$location" ]]; then
            pass "POST /fhir/Patient -> 201, Location: $location"
            # Location may be absolute or relative and carries /_history/N: read the current version.
            [[ "$location" == http* ]] || location="$APP_URL/${location#/}"
            location="${location%/_history/*}"
            status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$location")
            if [[ "$status" == 200 ]]; then pass "GET $location -> 200"; else fail "GET $location -> $status (expected 200)"; fi
        else
            fail "POST /fhir/Patient -> $status, Location '${location}' (expected 201 with Location)"
        fi
        status=$(curl -s -o /dev/null -w '%{http_code}' "$APP_URL/fhir/Patient")
        if [[ "$status" == 401 ]]; then pass "GET /fhir/Patient without a token -> 401"; else fail "GET /fhir/Patient without a token -> $status (expected 401)"; fi
    else
        fail "no token from $MP_JWT_VERIFY_ISSUER for client '$CHECK_CLIENT_ID'"
    fi
else
    echo "SKIP  authenticated Patient round trip (set CUSTOS_CHECK_CLIENT_ID / CUSTOS_CHECK_CLIENT_SECRET)"
fi

# ---------------------------------------------------------------------------------------------------
# 7. Summary; the trap stops the domain and the dev infrastructure.
# ---------------------------------------------------------------------------------------------------
printf '\nPayara Server start: %ss, EAR deploy: %ss\n' "$SERVER_START_SECONDS" "${DEPLOY_SECONDS:-n/a}"
if [[ $FAILURES -eq 0 ]]; then
    echo "RESULT: PASS -- the Custos EAR works on Payara Server $PAYARA_VERSION"
else
    echo "RESULT: FAIL -- $FAILURES check(s) failed (see $SERVER_LOG)"
    exit 1
fi
