"""Rules of the code that no linter states: each pinned here so it stays true."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "trellis"


def _sources() -> list[Path]:
    return [p for p in ROOT.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]


def test_no_module_imports_another_modules_underscore_names() -> None:
    found = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if alias.name.startswith("_") and alias.name != "__version__":
                        found.append(f"{path.relative_to(ROOT)}: {node.module}.{alias.name}")
    assert not found, found


def test_no_private_internals_of_django_psycopg_or_django_q() -> None:
    private = (
        "django.db.models.sql",
        "psycopg._",
        "django_q.brokers",
        "_raw_delete",
        "create_cursor",
        "_iterable_class",
        "get_related_populators",
    )
    found = [
        f"{p.relative_to(ROOT)}: {name}"
        for p in _sources()
        for name in private
        if name in p.read_text()
    ]
    assert not found, found


def test_the_formatter_is_switched_off_only_for_a_few_aligned_data_tables() -> None:
    marker = "# fmt: " + "skip"  # spelled apart so this file does not count itself
    project = ROOT.parent
    lines = [
        f"{p.relative_to(project)}:{n}"
        for folder in ("trellis", "config", "bench", "tests", "scripts")
        for p in (project / folder).rglob("*.py")
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if line.rstrip().endswith(marker)
    ]
    assert len(lines) <= 20, lines


_WRITES = {"save", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
_QUERYSET_WRITES = {"create", "update"}


def _adapters() -> list[Path]:
    """Views, API endpoints and page helpers: thin, they parse, call a service, render."""
    out = []
    for path in _sources():
        parts = path.relative_to(ROOT).parts
        if path.name in ("views.py", "api.py", "pages.py") or {
            "console",
            "portal",
            "public",
            "api",
        } & set(parts[:-1]):
            out.append(path)
    return out


def _chain_has_objects(node: ast.AST) -> bool:
    while isinstance(node, ast.Attribute | ast.Call):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            return True
        node = node.value if isinstance(node, ast.Attribute) else node.func
    return False


def test_no_adapter_writes_to_the_database_itself() -> None:
    adapters = _adapters()
    assert len(adapters) > 20
    found = []
    for path in adapters:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                name = node.func.attr
                if name in _WRITES or (
                    name in _QUERYSET_WRITES and _chain_has_objects(node.func.value)
                ):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} .{name}()")
    assert not found, found


def test_no_form_validation_result_is_thrown_away() -> None:
    found = [
        f"{p.relative_to(ROOT)}:{node.lineno}"
        for p in _sources()
        for node in ast.walk(ast.parse(p.read_text()))
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and node.value.func.attr == "is_valid"
    ]
    assert not found, found


def test_every_text_field_of_a_form_has_a_length_limit() -> None:
    loose = [
        f"{p.relative_to(ROOT)}:{node.lineno}"
        for p in _sources()
        for node in ast.walk(ast.parse(p.read_text()))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("CharField", "EmailField", "URLField", "SlugField")
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "forms"
        and "max_length" not in {k.arg for k in node.keywords}
    ]
    assert not loose, loose
