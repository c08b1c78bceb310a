"""Exports, one function per format, each returning the text to write.

works.py   take Works (enriched_works first):  export_bibtex, export_biblatex,
                                                export_csl_json, export_ris
graphs.py  take the graph or a part of it:      export_graphml, export_gexf, export_json
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx

from refgraph.export.graphs import (
    export_gexf,
    export_graphml,
    export_json,
    flat_graph,
    neighbourhood,
)
from refgraph.export.works import (
    RIS_TYPES,
    biblatex_work,
    csl_item,
    enriched_works,
    export_biblatex,
    export_bibtex,
    export_csl_json,
    export_ris,
    ris_entry,
)

WORK_FORMATS: dict[str, Callable[..., str]] = {
    "bibtex": export_bibtex,
    "biblatex": export_biblatex,
    "csl-json": export_csl_json,
    "ris": export_ris,
}
GRAPH_FORMATS: dict[str, Callable[[nx.MultiDiGraph], str]] = {
    "graphml": export_graphml,
    "gexf": export_gexf,
    "json": export_json,
}
FORMATS: tuple[str, ...] = (*WORK_FORMATS, *GRAPH_FORMATS)

__all__ = [
    "FORMATS",
    "GRAPH_FORMATS",
    "RIS_TYPES",
    "WORK_FORMATS",
    "biblatex_work",
    "csl_item",
    "enriched_works",
    "export_biblatex",
    "export_bibtex",
    "export_csl_json",
    "export_gexf",
    "export_graphml",
    "export_json",
    "export_ris",
    "flat_graph",
    "neighbourhood",
    "ris_entry",
]
