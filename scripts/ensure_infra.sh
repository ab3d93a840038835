#!/usr/bin/env bash
# Bring up everything `make test` and `make bench` talk to, idempotently:
#   RabbitMQ (+ management API: nameko's pytest fixtures create a vhost per test
#   through it), PostgreSQL, and ffmpeg (thumbnail/transcode jobs).
# Installs from Debian's packages when missing, starts what is stopped, and
# exits non-zero if anything still is not answering.
set -euo pipefail

# shellcheck source=scripts/ensure_broker.sh
source "$(dirname "${BASH_SOURCE[0]}")/ensure_broker.sh"

PG_PORT="${PG_PORT:-5432}"
MGMT_PORT="${RABBITMQ_MGMT_PORT:-15672}"
MGMT_AUTH="${RABBITMQ_USER:-guest}:${RABBITMQ_PASSWORD:-guest}"

mgmt_api_ok() {
    curl -fsS -o /dev/null --max-time 3 -u "$MGMT_AUTH" \
        "http://127.0.0.1:${MGMT_PORT}/api/overview" 2>/dev/null
}

ensure_rabbitmq_management() {
    if mgmt_api_ok; then
        say "RabbitMQ management API: already answering on $MGMT_PORT"
        return 0
    fi
    # Enabling is idempotent and works online; the Debian package ships the plugin.
    say "RabbitMQ management API: enabling plugin"
    as_root rabbitmq-plugins enable rabbitmq_management >/dev/null
    wait_until "RabbitMQ management API on $MGMT_PORT" mgmt_api_ok
    say "RabbitMQ management API: answering on $MGMT_PORT"
}

# Newest cluster version under /etc/postgresql (empty if none).
pg_version() {
    find /etc/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null |
        sort -V | tail -n 1
}

# A fresh Debian cluster wants passwords over TCP; the dev/CI machines use
# trust for loopback, and the tests connect as `postgres` without one.
trust_loopback() {
    local hba="/etc/postgresql/$1/main/pg_hba.conf"
    say "PostgreSQL: trusting loopback connections in $hba"
    as_root sed -i -E \
        's#^(host[[:space:]]+all[[:space:]]+all[[:space:]]+(127\.0\.0\.1/32|::1/128)[[:space:]]+)[a-z0-9-]+#\1trust#' \
        "$hba"
}

ensure_postgres() {
    local fresh="" version
    if [[ -z "$(pg_version)" ]]; then
        apt_install postgresql
        fresh=1
    fi
    version="$(pg_version)"
    [[ -n "$version" ]] || die "PostgreSQL installed but no cluster in /etc/postgresql"
    [[ -z "$fresh" ]] || trust_loopback "$version"

    if port_open "$PG_PORT"; then
        # A running fresh cluster must re-read pg_hba.conf.
        [[ -z "$fresh" ]] || as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload
        say "PostgreSQL: already listening on $PG_PORT"
    else
        say "PostgreSQL $version: starting"
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
        wait_until "PostgreSQL on port $PG_PORT" port_open "$PG_PORT"
        say "PostgreSQL: listening on $PG_PORT"
    fi
    wait_until "PostgreSQL accepting connections" \
        pg_isready -q -h 127.0.0.1 -p "$PG_PORT"
}

ensure_ffmpeg() {
    if command -v ffmpeg >/dev/null; then
        say "ffmpeg: present"
    else
        apt_install ffmpeg
        command -v ffmpeg >/dev/null || die "ffmpeg still missing after install"
        say "ffmpeg: installed"
    fi
}

ensure_curl() {
    command -v curl >/dev/null || apt_install curl ca-certificates
}

ensure_curl
ensure_rabbitmq
ensure_rabbitmq_management
ensure_postgres
ensure_ffmpeg
say "infrastructure ready"
