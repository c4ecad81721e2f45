#!/usr/bin/env bash
# Production smoke test (run by .ci/run): deploys a clean checkout the way README.md's "Production"
# section says, on a fresh PostgreSQL database, serves it with gunicorn on a free port and clicks
# through it with Debian's Chromium (kinerja/core/tests/test_production_smoke.py).
#
# The lines between "BEGIN production" and "END production" are the README's recipe, word for word
# (kinerja/core/tests/test_deploy_docs.py keeps the two identical). Everything else here only
# makes a throwaway instance: values for the variables, a scratch database, demo data, the browser.
#
#   deploy/smoke.sh                 needs: PostgreSQL on 127.0.0.1:5432 (user postgres), .venv, chromium
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/kinerja-smoke.XXXXXX")"
PG="${SMOKE_PG:-postgres://postgres@127.0.0.1:5432}"
DB="kinerja_smoke_$$"
SERVER_PID=""

cleanup() {
  status=$?
  if { true >&3; } 2>/dev/null; then exec 1>&3 2>&4; fi  # back from deploy.log to the terminal
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ "$status" != 0 ] && [ -f "$WORK/deploy.log" ]; then
    echo "--- deploy and gunicorn log (last 80 lines) ---" >&2
    tail -n 80 "$WORK/deploy.log" >&2
  fi
  if [ -d "$WORK/kinerja/test-artifacts" ]; then
    mkdir -p "$REPO/test-artifacts" && cp "$WORK"/kinerja/test-artifacts/*.png "$REPO/test-artifacts/" 2>/dev/null || true
  fi
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS ${DB}" >/dev/null 2>&1 || true
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT

# A clean checkout: the committed tree (with any tracked edits), no var/, node_modules/ or untracked
# files. The Python packages are the ones `make install` put into .venv.
mkdir -p "$WORK/kinerja"
rev="$(git -C "$REPO" stash create)"
git -C "$REPO" archive "${rev:-HEAD}" | tar -x -C "$WORK/kinerja"
ln -s "$REPO/.venv" "$WORK/kinerja/.venv"
cd "$WORK/kinerja"
psql "$PG/postgres" -qc "CREATE DATABASE ${DB}" >/dev/null

# Throwaway values for the variables the recipe reads.
export DEBUG=0
SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
export SECRET_KEY
export ALLOWED_HOSTS=localhost
export DATABASE_URL="$PG/$DB"
export KINERJA_VAR_DIR="$WORK/var"
export DJANGO_SUPERUSER_USERNAME=superadmin
DJANGO_SUPERUSER_PASSWORD="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(16))')"
export DJANGO_SUPERUSER_PASSWORD
PORT="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export PORT
# The browser speaks plain http to localhost here; behind the TLS proxy this stays on (the default).
export SECURE_SSL_REDIRECT=0

echo "Deploying into $WORK (database ${DB}, port ${PORT}); output in deploy.log"
exec 3>&1 4>&2 >"$WORK/deploy.log" 2>&1
# ---- BEGIN production
.venv/bin/python manage.py check --deploy
.venv/bin/python manage.py collectstatic --noinput
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py createsuperuser --noinput
.venv/bin/gunicorn config.wsgi --bind "127.0.0.1:${PORT}" --workers 3 --access-logfile - &
# ---- END production
SERVER_PID=$!
exec 1>&3 2>&4
echo "Deployed in ${SECONDS}s; loading the demo data"

# Demo data (a real region imports its own): the demo story's pegawai has an approved SKP, so
# can log work against an indicator. One region is enough here (the suite seeds all five).
.venv/bin/python manage.py seed_demo --only sorong >/dev/null
NIP="$(.venv/bin/python manage.py print_demo_logins --only pegawai | awk 'NR == 1')"
DEMO_PASSWORD="$(.venv/bin/python manage.py shell --no-imports -v 0 -c 'from kinerja.org.demo import DEMO_PASSWORD; print(DEMO_PASSWORD)')"
test -n "$NIP" && test -n "$DEMO_PASSWORD"

for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "http://localhost:${PORT}/akun/masuk/" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "gunicorn did not start" >&2; exit 1; }
  sleep 0.5
done

echo "Demo data loaded (${SECONDS}s); the browser clicks through"
# The browser test runs with the test settings' process, never against the test database: it only
# speaks HTTP to the server above.
env -u DATABASE_URL -u DEBUG -u SECRET_KEY \
  KINERJA_SMOKE_URL="http://localhost:${PORT}" \
  KINERJA_SMOKE_NIP="$NIP" KINERJA_SMOKE_PASSWORD="$DEMO_PASSWORD" \
  KINERJA_SMOKE_ADMIN="$DJANGO_SUPERUSER_USERNAME" KINERJA_SMOKE_ADMIN_PASSWORD="$DJANGO_SUPERUSER_PASSWORD" \
  .venv/bin/pytest -q kinerja/core/tests/test_production_smoke.py
echo "Production smoke test passed (${SECONDS}s)."
