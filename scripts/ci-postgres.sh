#!/usr/bin/env bash
# Installs (when missing) and starts Debian's PostgreSQL on 127.0.0.1 for the HQ test suite, creates a test role and
# database, and prints the line to eval:
#   eval "$(bash scripts/ci-postgres.sh)"   # then: npx vitest run --project unit tests/hq tests/unit/sync
# Progress goes to stderr so stdout holds only the export line. Runs as root (CI and developer machines are root).
set -euo pipefail

log() { echo "ci-postgres: $*" >&2; }

if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  log "installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
  log "creating cluster $version/main"
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  log "starting cluster $version/main"
  pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')

# Wait (bounded) until the server accepts connections.
for _ in $(seq 1 30); do
  if su postgres -c "psql -p $port -tAc 'SELECT 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done

user=kiosk_hq_test
password=kiosk_hq_test_pw
db=kiosk_hq_test
su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -q" >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$user') THEN
    CREATE ROLE $user LOGIN PASSWORD '$password';
  END IF;
END \$\$;
SQL
if ! su postgres -c "psql -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname = '$db'\"" | grep -q 1; then
  su postgres -c "createdb -p $port -O $user $db" >&2
fi
log "PostgreSQL $version ready on 127.0.0.1:$port"
echo "export HQ_TEST_DATABASE_URL=postgres://$user:$password@127.0.0.1:$port/$db"
