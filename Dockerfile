# Tandem API / projection worker image. One image, three roles chosen by the command:
# `tandem serve` (default), `tandem project` (the views' worker), `tandem migrate`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# psycopg (the event store's driver) loads libpq at run time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --create-home --home-dir /home/tandem tandem \
    && install -d -o tandem -g tandem /data

WORKDIR /app

# Dependencies first, pinned and hash-checked from the lock (`make lock` refreshes it):
# this layer is rebuilt only when the lock changes.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY pyproject.toml README.md ./
COPY domain ./domain
COPY projections ./projections
COPY api ./api
RUN pip install --no-deps . && rm -rf build *.egg-info

USER tandem
# The embedded SQLite default (`docker run` without TANDEM_DATABASE_URL) writes here.
WORKDIR /data
EXPOSE 8000

HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('TANDEM_PORT', '8000'), timeout=4)"]

CMD ["tandem", "serve", "--host", "0.0.0.0"]
