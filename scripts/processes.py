"""Starting and stopping the suite's processes: shared by `make run`
(scripts/run_suite.py) and `make bench` (bench/suite.py).

Standard library only, so the launcher runs with any python3; the children
use .venv.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
STOP_GRACE_S = 10

# services/<folder> -> import package reelhouse.<package> ("import" is a keyword).
SERVICES = {
    "identity": "identity",
    "workspace": "workspace",
    "asset": "asset",
    "production_tracking": "production_tracking",
    "billing": "billing",
    "import": "importer",
}


@dataclass
class Child:
    name: str
    process: subprocess.Popen
    log_path: Path


def venv_tool(name: str) -> str:
    return str(VENV_BIN / name)


def nameko_command(config: str, target: str) -> list[str]:
    return [venv_tool("nameko"), "run", "--config", config, target]


def start(name: str, command: list[str], env: dict[str, str], log_dir: Path) -> Child:
    log_path = log_dir / f"{name}.log"
    # The child gets its own copy of the file descriptor; ours can close.
    with open(log_path, "w") as log_file:
        # A new session keeps the terminal's Ctrl-C away from the children, so
        # shutdown happens once, in order, from stop_all().
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
            stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
        )
    return Child(name, process, log_path)


def log_tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def migrate(folder: str, database_url: str, env: dict[str, str]) -> None:
    """Run one service's Alembic migrations; raise RuntimeError with their output on failure."""
    result = subprocess.run(
        [venv_tool("python"), "-m", "reelhouse.shared.migrations", f"services/{folder}"],
        cwd=ROOT, env={**env, "DATABASE_URL": database_url}, capture_output=True, text=True, timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(f"migrations failed for {folder}:\n{result.stdout}{result.stderr}")


def stop_all(children: list[Child], say) -> None:
    """SIGTERM everyone (nameko drains its workers), SIGKILL what lingers."""
    for child in children:
        if child.process.poll() is None:
            child.process.terminate()
    deadline = time.monotonic() + STOP_GRACE_S
    for child in children:
        try:
            child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            say(f"{child.name} ignored SIGTERM for {STOP_GRACE_S} s; killing pid {child.process.pid}")
            child.process.kill()
            child.process.wait()
