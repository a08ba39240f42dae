"""docs/architecture.md is the map: every module and function it names exists, and its dependency
table is the one tests/architecture/test_architecture.py enforces."""
import ast
import re
from pathlib import Path

from tests.architecture.test_architecture import ALLOWED

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
PATH = re.compile(r"`((?:cleverstore/|services/|stripe_emulator/)[\w/]*(?:\.py|/))`")


def _file(name: str) -> Path:
    return ROOT / (name if name.startswith(("cleverstore/", "stripe_emulator/")) else f"cleverstore/{name}")


def _functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}


def test_every_named_module_exists():
    missing = [name for name in PATH.findall(DOC) if not _file(name).exists()]
    assert missing == []


def test_every_named_function_exists_in_the_module_named_beside_it():
    missing = []
    for line in DOC.splitlines():
        for module, names in re.findall(r"`((?:cleverstore/|services/)[\w/]+\.py)` \(([^)]*)\)", line):
            defined = _functions(_file(module))
            missing += [f"{module}: {n}" for n in re.findall(r"`(\w+)`", names) if n not in defined]
    assert missing == []


def test_the_dependency_table_is_the_enforced_one():
    table = {}
    for package, allowed in re.findall(r"^\| `(\w+)` \| [^|]+ \| ([^|]+) \|$", DOC, re.M):
        table[package] = allowed.strip()
    assert set(table) == set(ALLOWED)
    for package, allowed in table.items():
        if allowed.startswith("anything but"):
            excluded = {allowed.split()[-1]}
            assert not (ALLOWED[package] & excluded) and ALLOWED[package] == set(ALLOWED) - excluded - {package}
        else:
            assert ({p.strip() for p in allowed.split(",")} - {"—"}) == ALLOWED[package], package
