#!/usr/bin/env bash
# Create the PostgreSQL database a URL names (postgres://user@host:port/name) if it does not exist.
set -euo pipefail
url="$1"
database="${url##*/}"
server="${url%/*}"
psql "${server}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '${database}'" | grep -q 1 \
  || psql "${server}/postgres" -qc "CREATE DATABASE \"${database}\""
