"""Find works: an SQLite FTS5 index over the graph, free-text queries and structured filters.

query.py    user text -> safe FTS5 expression; topic names widened across languages
filters.py  topic, claim + stance, year range, cited by, kind; checked against the library
index.py    the index file (rebuilt only when its inputs change) and SearchIndex.find
"""

from refgraph.search.filters import (
    SEARCH_KINDS,
    FilterError,
    Filters,
    check_filters,
    filter_nodes,
    parse_years,
)
from refgraph.search.index import Hit, SearchIndex, index_rows
from refgraph.search.query import fold, fts_query

__all__ = [
    "SEARCH_KINDS",
    "FilterError",
    "Filters",
    "Hit",
    "SearchIndex",
    "check_filters",
    "filter_nodes",
    "fold",
    "fts_query",
    "index_rows",
    "parse_years",
]
