"""The web layer's rule: a page module imports what every surface shares, never another page
module, and the API imports no page module (docs/architecture.md)."""
import ast
from pathlib import Path

import speeches

APP = Path(speeches.__file__).parent
SHARED = {"speeches.web.searching", "speeches.web.downloads"}


def imported_modules(path):
    """Return the speeches.web modules that the module at ``path`` imports."""
    package = "speeches." + ".".join(path.relative_to(APP).parent.parts)
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names |= {base} | {f"{base}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
    return {name for name in names if name.startswith("speeches.web.") and name.count(".") == 2}


def page_modules():
    return {f"speeches.web.{path.stem}" for path in (APP / "web").glob("*.py")
            if path.stem != "__init__"} - SHARED


def test_a_page_module_imports_no_other_page_module():
    for path in (APP / "web").glob("*.py"):
        assert not imported_modules(path) & (page_modules() - {f"speeches.web.{path.stem}"}), path.name


def test_the_api_imports_no_page_module():
    for path in (APP / "api").glob("*.py"):
        assert not imported_modules(path) & page_modules(), path.name
