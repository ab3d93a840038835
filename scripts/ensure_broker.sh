#!/usr/bin/env bash
# Make sure a RabbitMQ broker answers on 127.0.0.1:$AMQP_PORT, installing and
# starting Debian's rabbitmq-server if nothing is listening there.
#
# Used directly by `make run`, and sourced by ensure_infra.sh (which reuses the
# helpers below), so everything except the last lines is function definitions.
set -euo pipefail

AMQP_PORT="${AMQP_PORT:-5672}"
WAIT_SECONDS="${WAIT_SECONDS:-60}"
APT_UPDATED=""

say() { printf '[infra] %s\n' "$*"; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

# True when something accepts TCP connections on 127.0.0.1:$1.
# bash's /dev/tcp avoids depending on nc/ss, which slim machines lack.
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# wait_until DESCRIPTION COMMAND...: retry COMMAND once a second.
wait_until() {
    local what="$1" i
    shift
    for ((i = 0; i < WAIT_SECONDS; i++)); do
        "$@" && return 0
        sleep 1
    done
    die "$what not ready after ${WAIT_SECONDS}s"
}

# Root on the dev/CI machines; fall back to sudo elsewhere.
as_root() {
    if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# apt_install PACKAGE...: `apt-get update` at most once per run, since the
# package lists on a fresh machine may be missing or stale.
apt_install() {
    if [[ -z "$APT_UPDATED" ]]; then
        say "apt-get update"
        as_root apt-get update -q >/dev/null
        APT_UPDATED=1
    fi
    say "installing $*"
    # needrestart would otherwise prompt or complain on a non-interactive run.
    as_root env DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 \
        apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

ensure_rabbitmq() {
    if port_open "$AMQP_PORT"; then
        say "RabbitMQ: already listening on $AMQP_PORT"
        return 0
    fi
    if ! command -v rabbitmq-server >/dev/null; then
        apt_install rabbitmq-server
    fi
    # The Debian package may have started it already (where an init system runs).
    if ! port_open "$AMQP_PORT"; then
        say "RabbitMQ: starting"
        as_root rabbitmq-server -detached
    fi
    wait_until "RabbitMQ on port $AMQP_PORT" port_open "$AMQP_PORT"
    say "RabbitMQ: listening on $AMQP_PORT"
}

# Run only when executed, not when sourced by ensure_infra.sh.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    ensure_rabbitmq
fi
