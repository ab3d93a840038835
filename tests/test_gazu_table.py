"""The gazu compatibility tables (docs/api-zou.md and docs/gazu/*.md) name every public function of
the gazu modules issue 3 lists (project, asset, shot, task, casting, person,
context), each in a row that says what it does against Reelhouse: works (with
the test that drives it), or not served and why.

A row's first cell names calls as `module.function`, then bare `function`s of
the same module (`task.new_task`, `get_task_by_entity`, …); `gazu.` in front
is allowed.
"""

import inspect
import re
import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*Eventlet is deprecated.*")
import gazu  # noqa: E402

DOCS = Path(__file__).resolve().parents[1] / "docs"


def compatibility_tables():
    return "\n".join(path.read_text() for path in [DOCS / "api-zou.md", *sorted((DOCS / "gazu").glob("*.md"))])
MODULES = ["project", "asset", "shot", "task", "casting", "person", "context"]
NAME = re.compile(r"`(?:gazu\.)?([a-z_]+)(?:\.([a-z_]+))?")


def gazu_functions(module_name):
    module = getattr(gazu, module_name)
    return {name for name, function in inspect.getmembers(module, inspect.isfunction)
            if function.__module__ == module.__name__ and not name.startswith("_")}


def documented_calls(text):
    """(module, function) pairs named in the first cell of the doc's table rows."""
    named = set()
    for line in text.splitlines():
        if not line.startswith("| ") or line.startswith("|---"):
            continue
        first_cell = line.split(" | ")[0]
        module = None
        for head, tail in NAME.findall(first_cell):
            if tail:
                module, function = head, tail
            else:
                function = head
            if module:
                named.add((module, function))
    return named


def test_the_parser_reads_module_and_bare_names():
    row = "| `task.new_task`, `get_task` and `gazu.person.get_person` | `GET /x` | works |"
    assert documented_calls(row) == {("task", "new_task"), ("task", "get_task"), ("person", "get_person")}


@pytest.mark.parametrize("module_name", MODULES)
def test_every_gazu_call_of_the_module_has_a_row(module_name):
    documented = {function for module, function in documented_calls(compatibility_tables()) if module == module_name}
    missing = sorted(gazu_functions(module_name) - documented)
    assert not missing, f"gazu.{module_name} calls without a row in docs/api-zou.md or docs/gazu/: {missing}"
