# transferbot in one image: `transferbot run` as the entry point, the SQLite default in the
# /app/data volume, /healthz on port 8080 for the HEALTHCHECK (README: Docker and compose).
#   docker build -t transferbot .
#   docker run -d --env-file .env -v transferbot-data:/app/data transferbot
#   docker run --rm --env-file .env -v transferbot-data:/app/data transferbot doctor
# The base image is pinned to one Python release; bump it deliberately.

# ---------------------------------------------------------------- build: a virtualenv in /opt/venv
FROM python:3.11.11-slim-bookworm AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv && pip install "setuptools>=77"
WORKDIR /src

# Dependencies first, from pyproject.toml alone: this layer is rebuilt only when they change.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
    && pip install -r requirements.txt

# Then the code (a change here reinstalls only the package itself).
COPY README.md LICENSE ./
COPY bot ./bot
COPY adapters ./adapters
COPY storage ./storage
RUN pip install --no-deps --no-build-isolation . \
    && transferbot --version

# ---------------------------------------------------------------- runtime: no compiler, no sources
FROM python:3.11.11-slim-bookworm AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    DATABASE_URL=sqlite:////app/data/transferbot.db \
    SOURCES_FILE=/app/data/sources.local.toml \
    HEALTH_HOST=0.0.0.0 \
    HEALTH_PORT=8080

RUN useradd --create-home --uid 10001 --user-group transferbot \
    && mkdir -p /app/data \
    && chown transferbot:transferbot /app/data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# The sample feed and the demo stream (found under the working directory).
COPY seeds ./seeds

USER transferbot
VOLUME ["/app/data"]
EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status == 200 else 1)"]

ENTRYPOINT ["transferbot"]
CMD ["run"]
