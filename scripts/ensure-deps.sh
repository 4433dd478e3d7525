#!/usr/bin/env bash
# Installs, only when missing, what the test suite needs beyond npm packages: a PostgreSQL server
# (Debian's, for pgbench and a second major version beside the embedded one) and Chromium for
# browser tests. Idempotent; safe to run on every test run.
set -euo pipefail
need=()
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || need+=(postgresql postgresql-contrib)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v runuser >/dev/null || need+=(util-linux)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "The tests need these Debian packages: ${need[*]}. Install them (sudo apt-get install -y ${need[*]}) or run as root." >&2
  exit 1
fi
echo "Installing ${need[*]} (first run only)..."
export DEBIAN_FRONTEND=noninteractive
for attempt in 1 2 3; do
  if apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then exit 0; fi
  echo "apt-get failed (attempt $attempt); retrying in 5 s" >&2
  sleep 5
done
exit 1
