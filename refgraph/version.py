"""The package version, in a module that imports nothing.

``refgraph/__init__.py`` imports the whole public API, so a module inside the package that
needs the version (the Crossref client's User-Agent, ``--version``) reads it here instead
of importing the package it is part of (which made an import cycle). ``pyproject.toml``
reads it too, so the number is written once.
"""

__version__ = "0.1.0"
