#!/usr/bin/env bash
# Create or refresh the project virtualenv (.venv) from requirements/.
# Idempotent and fast when nothing changed: a stamp file records the last good
# install, so every `make` target can call this without paying for pip.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VENV=.venv
PY="$VENV/bin/python"
STAMP="$VENV/.stamp"

say() { printf '[bootstrap] %s\n' "$*"; }

# Inputs newer than the stamp: requirement files and every package's
# pyproject.toml (a new dependency there must reach the venv).
changed_inputs() {
    find requirements -maxdepth 1 -name '*.txt' -newer "$STAMP"
    find . -maxdepth 3 -name pyproject.toml -not -path "./$VENV/*" -newer "$STAMP"
}

# A venv whose interpreter no longer runs (Python moved or upgraded) is rebuilt.
if [[ -d "$VENV" ]] && ! "$PY" -c '' 2>/dev/null; then
    say "removing broken $VENV"
    rm -rf "$VENV"
fi
if [[ ! -d "$VENV" ]]; then
    say "creating $VENV"
    python3 -m venv "$VENV"
fi

if [[ -f "$STAMP" && -z "$(changed_inputs)" ]]; then
    say "$VENV is up to date"
    exit 0
fi

# Stamp with the time the install *started*, so a file edited while pip runs
# still counts as newer next time.
touch "$STAMP.new"
say "installing requirements into $VENV"
"$PY" -m pip install --quiet --upgrade pip
"$PY" -m pip install -c requirements/constraints.txt -r requirements/dev.txt
mv "$STAMP.new" "$STAMP"
say "done"
