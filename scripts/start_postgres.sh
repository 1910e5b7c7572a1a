#!/usr/bin/env bash
# Start a local PostgreSQL (Debian package) and make sure the test role exists.
# Prints the DATABASE_URL to use on its last line.
set -euo pipefail
ROLE=tietovaranto
if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "error: PostgreSQL is missing; install it with: sudo apt-get install -y postgresql" >&2
    exit 1
  fi
  echo "Installing Debian's postgresql package…" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$VERSION main$"; then
  pg_createcluster "$VERSION" main >/dev/null
fi
if ! pg_lsclusters -h | grep -q "^$VERSION *main .* online"; then
  pg_ctlcluster "$VERSION" main start
fi
PORT=$(pg_lsclusters -h | awk -v v="$VERSION" '$1==v && $2=="main" {print $3}')
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q -p $PORT" && break
  sleep 1
done
su postgres -c "psql -q -p $PORT -tc \"SELECT 1 FROM pg_roles WHERE rolname='$ROLE'\"" | grep -q 1 ||
  su postgres -c "psql -q -p $PORT -c \"CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$ROLE'\""
su postgres -c "psql -q -p $PORT -tc \"SELECT 1 FROM pg_database WHERE datname='$ROLE'\"" | grep -q 1 ||
  su postgres -c "createdb -p $PORT -O $ROLE $ROLE"
echo "postgres://$ROLE:$ROLE@127.0.0.1:$PORT/$ROLE"
