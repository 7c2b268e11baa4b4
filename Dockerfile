# transferbot: the bot in one image. Data (the SQLite database) lives in the /app/data volume.
#   docker build -t transferbot .
#   docker run -it -v transferbot-data:/app/data -e DISCORD_TOKEN=… transferbot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATABASE_URL=sqlite:////app/data/transferbot.db

WORKDIR /app

# Dependencies first (cached while only the code changes), then the code.
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY adapters ./adapters
COPY storage ./storage
RUN pip install . \
    && useradd --create-home --uid 10001 --user-group transferbot \
    && mkdir -p /app/data \
    && chown transferbot:transferbot /app/data

# The sample feed and the demo stream (found under the working directory).
COPY seeds ./seeds

USER transferbot
VOLUME ["/app/data"]

CMD ["transferbot", "run"]
