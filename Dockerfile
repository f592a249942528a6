# mi-Help in a container: the README's install steps ("Install on a server") on a slim Debian
# Python image. compose.yaml runs it with PostgreSQL, Redis and Caddy; see the README's "Containers".
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The README's Debian packages: espeak-ng and opus-tools for 🔊 Listen, postgresql-client for
# `db backup` on PostgreSQL (bookworm's client is 15: keep the database server at 15).
RUN apt-get update \
    && apt-get install -y --no-install-recommends espeak-ng opus-tools postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# The bot runs as an ordinary user that may write only its data folder.
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin mihelp \
    && mkdir /data \
    && chown mihelp:mihelp /data

WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -c constraints.txt .

# Data (SQLite, the generated key, voice and guide caches, the trained danger model) in /data; metrics and health checks
# on 9090 for the container runtime and Prometheus; JSON log lines for log collectors.
ENV DATA_DIR=/data \
    KNOWLEDGE_CACHE_DIR=/data/cache \
    DATABASE_URL=sqlite+aiosqlite:////data/mi-help.db \
    METRICS_HOST=0.0.0.0 \
    METRICS_PORT=9090 \
    LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 8080 9090
USER mihelp

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ['METRICS_PORT'], timeout=4)"

# SIGTERM (docker stop) lets the bot finish the updates in progress and stop cleanly.
CMD ["python", "-m", "bot", "run"]
