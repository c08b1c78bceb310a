"""refgraph: check what a piece of writing cites."""

from refgraph.model import (
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

__version__ = "0.1.0"

__all__ = [
    "Author",
    "Claim",
    "Enrichment",
    "FieldAudit",
    "Library",
    "Problem",
    "Provenance",
    "Record",
    "Source",
    "Stance",
    "Topic",
    "TopicAssignment",
    "Work",
    "__version__",
]
