"""refgraph: check what a piece of writing cites.

The public API: the model, the loaders, the pipeline, the graph and the page. Everything
else is reachable through its module (``refgraph.export``, ``refgraph.search``, ...).
"""

from refgraph.bibtex import dump_bibtex, load_bibtex, load_bibtex_files  # noqa: E402
from refgraph.graph import build_graph, graph_from_data, graph_to_data  # noqa: E402
from refgraph.importers import read_reference_file, read_references  # noqa: E402
from refgraph.library import load_library  # noqa: E402
from refgraph.model import (  # noqa: E402
    Author,
    Claim,
    Enrichment,
    FieldAudit,
    Library,
    Problem,
    Provenance,
    Record,
    Source,
    Stance,
    Topic,
    TopicAssignment,
    Work,
)
from refgraph.pipeline import Prepared, prepare  # noqa: E402
from refgraph.render import render_html  # noqa: E402
from refgraph.version import __version__

__all__ = [
    "Author",
    "Claim",
    "Enrichment",
    "FieldAudit",
    "Library",
    "Prepared",
    "Problem",
    "Provenance",
    "Record",
    "Source",
    "Stance",
    "Topic",
    "TopicAssignment",
    "Work",
    "__version__",
    "build_graph",
    "dump_bibtex",
    "graph_from_data",
    "graph_to_data",
    "load_bibtex",
    "load_bibtex_files",
    "load_library",
    "prepare",
    "read_reference_file",
    "read_references",
    "render_html",
]
