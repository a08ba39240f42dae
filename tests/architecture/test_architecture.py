"""The layout holds: pages → states → domain services → models, and the domain packages depend on
each other only as docs/architecture.md says. No per-module exemptions."""
import ast
import importlib
import inspect
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "cleverstore"
SERVICES = PACKAGE / "services"

# Which domain packages each one may import (docs/architecture.md, "Dependency rules").
ALLOWED = {
    "shared": set(),
    "accounts": {"shared"},
    "register": {"shared"},
    "reports": {"shared", "accounts", "register", "insurance"},
    "insurance": {"shared", "register"},
    "imports": {"shared", "register"},
    "billing": {"shared", "accounts"},
    "support": {"shared", "register"},
    "heirs": {"shared", "accounts", "register", "reports"},
    "admin": {"shared", "accounts"},
    "privacy": {"shared", "accounts", "billing", "register", "reports"},
    "company_registers": {"shared", "accounts", "privacy"},
    "access": {"shared", "accounts", "admin", "billing", "heirs", "support", "members"},
    "reminders": {"shared", "accounts", "register", "billing"},
    "members": {"shared", "accounts", "billing"},
    "sharing": {"shared", "accounts", "billing", "register", "reports"},
    "operations": {"shared", "accounts", "admin", "billing", "company_registers", "heirs", "imports", "privacy",
                   "register", "reminders", "reports", "support", "insurance", "sharing", "members"},
}
MAX_LINES = 400
MAX_MODULES_DIRECTLY_IN_SERVICES = 12


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _modules(folder: str):
    return sorted((PACKAGE / folder).rglob("*.py"))


def _is(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@pytest.mark.parametrize("folder, forbidden", [
    ("services", ("reflex", "cleverstore.state", "cleverstore.pages", "cleverstore.components", "cleverstore.api",
                  "stripe_emulator")),
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
        if any(_is(name, bad) for bad in forbidden)
    ]
    assert offenders == []


THIN_FORBIDDEN = ("cleverstore.db", "cleverstore.models", "sqlmodel", "sqlalchemy", "stripe", "cleverstore.config")


def _import_nodes(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, None) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield from ((node.module, alias.name) for alias in node.names)


@pytest.mark.parametrize("folder", ["state", "api", "pages", "components"])
def test_states_routes_and_pages_use_only_the_domain_packages_public_names(folder):
    """A state or route resolves the caller and calls an action; it never opens the database itself."""
    offenders = []
    for path in _modules(folder):
        for module, name in _import_nodes(path):
            where = f"{path.relative_to(PACKAGE)}: {module}" + (f".{name}" if name else "")
            if any(_is(module, bad) for bad in THIN_FORBIDDEN):
                offenders.append(where)
            elif _is(module, "cleverstore.services"):
                parts = module.split(".")
                if len(parts) != 3 or name is None:
                    offenders.append(f"{where} (a package's internals)")
                elif inspect.ismodule(getattr(importlib.import_module(module), name, None)):
                    offenders.append(f"{where} (a module, not a public name)")
    assert offenders == []


def _domain_packages() -> list[str]:
    return sorted(p.name for p in SERVICES.iterdir() if (p / "__init__.py").exists())


def test_every_domain_package_has_dependency_rules():
    assert set(_domain_packages()) <= set(ALLOWED), "a new domain package needs its rules here and in the docs"


def test_domain_packages_import_only_what_their_rules_allow():
    offenders = []
    for package in _domain_packages():
        for path in (SERVICES / package).rglob("*.py"):
            for name in _imports(path):
                if not _is(name, "cleverstore.services"):
                    continue
                parts = name.split(".")
                if len(parts) < 3 or parts[2] == package:
                    continue
                if parts[2] not in ALLOWED[package]:
                    offenders.append(f"{path.relative_to(SERVICES)} imports {name}")
    assert offenders == []


def test_the_dependency_rules_have_no_cycle():
    seen: dict[str, str] = {}

    def visit(package: str, trail: tuple[str, ...]) -> None:
        assert package not in trail, " → ".join((*trail, package))
        if seen.get(package) == "done":
            return
        for needed in ALLOWED[package]:
            visit(needed, (*trail, package))
        seen[package] = "done"

    for package in ALLOWED:
        visit(package, ())


def test_services_holds_packages_not_a_flat_folder():
    direct = [p.name for p in SERVICES.glob("*.py") if p.name != "__init__.py"]
    assert len(direct) <= MAX_MODULES_DIRECTLY_IN_SERVICES, direct


def test_no_module_is_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in [*PACKAGE.rglob("*.py"), *(ROOT / "stripe_emulator").rglob("*.py")]
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_environment_is_read_only_in_config():
    """Settings live in `config.Settings`; only the command-line entry passes the environment on."""
    allowed = {PACKAGE / "config.py", PACKAGE / "__main__.py"}
    offenders = []
    for path in [*PACKAGE.rglob("*.py"), ROOT / "rxconfig.py"]:
        if path in allowed:
            continue
        source = path.read_text(encoding="utf-8")
        if "os.environ" in source or "os.getenv" in source or "getenv(" in source:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_stripe_emulator_is_not_part_of_the_app():
    """A development tool: only the command-line entry starts it."""
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if p != PACKAGE / "__main__.py" and any(_is(n, "stripe_emulator") for n in _imports(p))]
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
