# One image for every Reelhouse component. docker-compose.yml and
# deploy/k8s/ pick the command: a nameko service, the gateway, or migrations.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MAILBOX_DIR=/tmp/mailbox

# ffmpeg: the asset service makes thumbnails and transcodes.
# tini: PID 1 that forwards SIGTERM (nameko drains on it) and reaps children.
# Unpinned on purpose: the base image's Debian release fixes the versions and
# a rebuild should pick up its security updates.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ffmpeg tini \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Third-party packages first, in a layer that only rebuilds when the pins
# change. Test and lint tools (pytest*, gazu, moto, ruff) stay out.
COPY requirements/constraints.txt requirements/constraints.txt
RUN grep -Ev '^(#|$|pytest|gazu|moto|ruff|openapi-spec-validator)' requirements/constraints.txt > /tmp/runtime.txt \
    && pip install -r /tmp/runtime.txt \
    && rm /tmp/runtime.txt

# The suite's own packages. The source tree stays in /app because
# migrations run from services/<dir>/alembic.ini and configs are read from
# services/<dir>/config.yaml and gateway/config.yaml.
COPY shared shared
COPY services services
COPY gateway gateway
RUN pip install -c requirements/constraints.txt \
        ./shared \
        ./services/identity ./services/workspace ./services/asset \
        ./services/production_tracking ./services/billing ./services/import \
        ./gateway

# A fixed numeric UID lets Kubernetes verify runAsNonRoot.
RUN groupadd --system --gid 10001 reelhouse \
    && useradd --system --uid 10001 --gid 10001 --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin reelhouse
USER 10001:10001

EXPOSE 8000
ENTRYPOINT ["tini", "--"]
CMD ["nameko", "run", "--config", "gateway/config.yaml", "reelhouse.gateway.service"]
