#!/usr/bin/env bash
# Make sure PostgreSQL answers on 127.0.0.1:5432 with trust auth and a `test` database.
# Idempotent and non-interactive: starts the cluster if installed but stopped, installs it from
# Debian's packages if absent. Run as root in CI.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo -n "$@"; fi; }

ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

if ! command -v pg_ctlcluster >/dev/null || [[ -z "$(ls /etc/postgresql 2>/dev/null)" ]]; then
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

version=$(ls /etc/postgresql | sort -V | tail -n1)
conf_dir=/etc/postgresql/$version/main
if ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$conf_dir/pg_hba.conf"; then
    # Local test server only: trust connections from the loopback address.
    as_root sed -i '1i host all all 127.0.0.1/32 trust' "$conf_dir/pg_hba.conf"
    if ready; then as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload; fi
fi

if ! ready; then
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
for _ in $(seq 1 30); do ready && break; sleep 1; done
ready || { echo "PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1; }

if ! psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='test'" | grep -q 1; then
    psql -h 127.0.0.1 -U postgres -qc "create database test"
fi
echo "postgres: ready on 127.0.0.1:5432"
