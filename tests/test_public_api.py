"""The public API is explicit: a sorted ``__all__`` whose every name exists."""

from __future__ import annotations

import refgraph


def test_all_is_sorted_and_unique() -> None:
    assert refgraph.__all__ == sorted(set(refgraph.__all__))


def test_every_public_name_exists() -> None:
    missing = [name for name in refgraph.__all__ if not hasattr(refgraph, name)]
    assert missing == []


def test_version_matches_the_package_metadata() -> None:
    from importlib.metadata import version

    assert refgraph.__version__ == version("refgraph")


def test_no_module_imports_the_package_it_is_part_of() -> None:
    # ``from refgraph import x`` inside the package runs refgraph/__init__.py, which imports
    # the whole public API: a cycle that works only while the import order happens to allow it.
    import ast
    from pathlib import Path

    package = Path(refgraph.__file__).parent
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module == "refgraph" and node.level == 0
    ]
    assert offenders == []
    assert len(list(package.rglob("*.py"))) > 40  # the walk did see the package
