# One image for web, worker and beat (see docker-compose.yml).
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static ./static
COPY scripts ./scripts
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# WeasyPrint renders with Pango; fonts come from the system.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    fonts-dejavu-core fonts-liberation curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml requirements.lock ./
COPY . .
RUN pip install --no-cache-dir -c requirements.lock -e .
COPY --from=assets /app/static/build ./static/build
# collectstatic needs settings that load: a throwaway key of the length production settings ask for.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(60))')" DEBUG=false \
    python manage.py collectstatic --no-input
RUN useradd --create-home tracker && mkdir -p /app/var && chown -R tracker /app/var
USER tracker
EXPOSE 8000
CMD ["gunicorn", "sefton_tracker.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
