#!/usr/bin/env bash
# The full stack without Docker: gunicorn, a Celery worker and Celery beat against PostgreSQL and
# Redis — the same processes as docker-compose.yml. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sefton_tracker}"
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}"
export CACHE_URL="${CACHE_URL:-redis://127.0.0.1:6379/1}"
export DEBUG="${DEBUG:-false}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
# Plain HTTP on this machine: no TLS redirect or secure-only cookies (production sets neither).
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-false}"
export SECURE_COOKIES="${SECURE_COOKIES:-false}"
export STATIC_ROOT="${STATIC_ROOT:-var/staticfiles}"
if [ -z "${SECRET_KEY:-}" ]; then
  mkdir -p var
  [ -s var/secret_key ] || .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(60))' > var/secret_key
  SECRET_KEY="$(cat var/secret_key)"
  export SECRET_KEY
fi

scripts/ensure_db.sh "$DATABASE_URL"

.venv/bin/python manage.py migrate --no-input
.venv/bin/python manage.py load_sefton
.venv/bin/python manage.py load_national_data
.venv/bin/python manage.py collectstatic --no-input -v0

pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM
.venv/bin/gunicorn sefton_tracker.wsgi --bind "${HOST:-127.0.0.1}:${PORT:-8000}" \
  --workers "${WEB_WORKERS:-3}" --access-logfile - &
pids+=($!)
.venv/bin/celery -A sefton_tracker worker --loglevel=INFO --concurrency="${WORKER_CONCURRENCY:-2}" &
pids+=($!)
.venv/bin/celery -A sefton_tracker beat --loglevel=INFO &
pids+=($!)
echo "Stack running: http://${HOST:-127.0.0.1}:${PORT:-8000}/ (health: /health/). Ctrl-C stops it."
wait -n
