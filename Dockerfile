# syntax=docker/dockerfile:1
# The production image: one image for every role (web, live, worker, scheduler,
# migrate); compose.yaml and docs/deploy.md show how each runs it.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- Dependencies, installed apart so that code changes reuse this layer --------
FROM ${PYTHON_IMAGE} AS dependencies
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
# Exactly the tested set: every package pinned and checked against its hash.
RUN /opt/venv/bin/pip install --require-hashes -r /tmp/requirements.lock

# --- The image ------------------------------------------------------------------
FROM ${PYTHON_IMAGE}
# A fixed id, so volumes and an orchestrator's securityContext can name it.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home --home-dir /app app
COPY --from=dependencies /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=community.settings \
    DJANGO_ENV=production \
    STATIC_ROOT=/app/staticfiles \
    PORT=8000
WORKDIR /app
# Owned by root and read-only to the app user: a compromised process cannot
# rewrite the code it runs.
COPY . .
# Production settings refuse to load without a secret key and hosts; these
# throwaway values exist only for this step (no database or cache is touched) and
# are not kept in the image's environment.
RUN SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --no-input --verbosity 0 \
    && SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=build.invalid \
    python manage.py compile_translations
# Numeric, so a runtime that checks runAsNonRoot can tell without reading /etc/passwd.
USER 10001:10001
# 8000: gunicorn (pages and the API); 8001: daphne for the live updates under /ws/.
EXPOSE 8000 8001
# Asks /healthz with a Host the site accepts; 503 (database down) counts as unhealthy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
    CMD ["python", "deploy/healthcheck.py", "http"]
# Workers from WEB_CONCURRENCY (gunicorn reads it), further options from
# GUNICORN_CMD_ARGS. Live updates: `daphne -b 0.0.0.0 -p 8001 community.asgi:application`.
CMD ["gunicorn", "community.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
