"""The import direction holds: pages → states → services → models; nothing imports upwards."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "cleverstore"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules(folder: str):
    return sorted((PACKAGE / folder).rglob("*.py"))


@pytest.mark.parametrize("folder, forbidden", [
    ("services", ("reflex", "cleverstore.state", "cleverstore.pages", "cleverstore.components", "cleverstore.api")),
    ("models", ("reflex", "cleverstore.services", "cleverstore.state", "cleverstore.pages")),
    ("state", ("cleverstore.pages", "cleverstore.components", "cleverstore.api")),
    ("pages", ("cleverstore.db", "sqlmodel", "sqlalchemy", "cleverstore.models")),
    ("components", ("cleverstore.db", "sqlmodel", "sqlalchemy", "cleverstore.models")),
])
def test_no_module_imports_upwards(folder, forbidden):
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _modules(folder)
        for name in _imports(path)
        if any(name == bad or name.startswith(bad + ".") for bad in forbidden)
    ]
    assert offenders == []


def test_every_public_state_method_is_an_event_handler_on_purpose():
    """Helpers start with `_`: a public method is callable by any client."""
    for path in _modules("state"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name.endswith("State"):
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and not item.name.startswith("_"):
                        decorators = [ast.unparse(d) for d in item.decorator_list]
                        assert any(d.startswith(("rx.event", "rx.var")) for d in decorators), \
                            f"{path.name}:{node.name}.{item.name}"
