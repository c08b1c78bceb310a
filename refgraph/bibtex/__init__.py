"""BibTeX in and out: ``load_bibtex`` / ``load_bibtex_files`` (``load.py``) and
``dump_bibtex`` (``dump.py``)."""

from refgraph.bibtex.dump import dump_bibtex
from refgraph.bibtex.fields import VERBATIM_FIELDS
from refgraph.bibtex.load import (
    REQUIRED_FIELDS,
    LoadResult,
    load_bibtex,
    load_bibtex_files,
)

__all__ = [
    "REQUIRED_FIELDS",
    "VERBATIM_FIELDS",
    "LoadResult",
    "dump_bibtex",
    "load_bibtex",
    "load_bibtex_files",
]
