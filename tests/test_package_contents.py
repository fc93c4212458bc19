"""The installed package holds only what users run: the test kit (server launcher, kernel websocket
client) and the browser driver stay outside `widgets/`, and the wheel's package list leaves them out."""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

import pytest
from setuptools.config.pyprojecttoml import apply_configuration
from setuptools.dist import Distribution

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "widgets"
# Modules only tests, benchmarks and deploy measurements may import.
TEST_ONLY = ("testkit", "tests", "benchmarks", "playwright", "axe_playwright_python", "pytest")
TEST_ONLY_NAMES = ("harness", "kernel_client")  # the kit's modules, wherever someone puts them


def imported_modules(source: str) -> set[str]:
    """Every module a file imports, anywhere in it (also inside functions), by absolute name."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):  # `from . import x` is ".x"; `from a import b` is "a" and "a.b"
            base = "." * node.level + (node.module or "")
            found.add(base)
            found.update(base + ("" if base.endswith(".") else ".") + alias.name for alias in node.names)
    return found


def is_test_tooling(module: str) -> bool:
    parts = module.lstrip(".").split(".")
    return parts[0] in TEST_ONLY or any(part in TEST_ONLY_NAMES for part in parts)


def test_the_import_check_sees_imports_anywhere():
    source = "def later():\n    from testkit.harness import CHROMIUM\n\nimport os\nfrom . import kernel_client\n"
    tooling = {m for m in imported_modules(source) if is_test_tooling(m)}
    assert tooling == {"testkit.harness", "testkit.harness.CHROMIUM", ".kernel_client"}
    assert not is_test_tooling("widgets.serve.servers") and not is_test_tooling("os")


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_package_module_imports_test_tooling(path):
    imported = imported_modules(path.read_text(encoding="utf-8"))
    assert not sorted(m for m in imported if is_test_tooling(m)), f"{path.relative_to(ROOT)} imports test tooling"


def wheel_packages() -> list[str]:
    """The packages a wheel built from pyproject.toml holds, found by setuptools itself."""
    dist = Distribution()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # [tool.setuptools] in pyproject.toml is "beta"
        apply_configuration(dist, ROOT / "pyproject.toml")
    return sorted(dist.packages)


def test_the_wheel_holds_the_package_and_not_the_test_kit():
    packages = wheel_packages()
    assert {"widgets", "widgets.serve", "widgets.handout"} <= set(packages)
    assert not [p for p in packages if not p.startswith("widgets")], "only widgets* is installed"
    files = [f for p in packages for f in (ROOT / p.replace(".", "/")).glob("*.py")]
    assert files and not [f for f in files if f.stem in TEST_ONLY_NAMES]


def test_the_test_kit_is_beside_the_package():
    assert (ROOT / "testkit" / "harness.py").is_file() and (ROOT / "testkit" / "kernel_client.py").is_file()
    assert not list(PACKAGE.rglob("harness.py")) and not list(PACKAGE.rglob("kernel_client.py"))
