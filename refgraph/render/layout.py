"""Positions for large pages, computed in Python so the browser runs no physics.

vis-network's physics needs minutes above a few hundred nodes (see docs/page.md), so the
renderer asks this module for fixed positions instead. networkx's own layouts repel exactly,
O(n²) per iteration. This is Fruchterman-Reingold with the repulsion cut off at two ideal
edge lengths, the close pairs found by scipy's k-d tree (the "grid variant" of the 1991
paper), the far field added by Gauss's law, in numpy arrays: one iteration costs
O(n log n + edges) in vectorised code (numpy and scipy come with scikit-learn, which topic
discovery uses). Measured in docs/page.md.

``satellite_layout`` lays out only the "core" nodes that way and puts each satellite (a
cited work outside the library, hidden until asked for) next to the nodes that cite it: at
10,000 works that halves the nodes and cuts the edges the iterations pull along by 2/3.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np

# Connected pieces up to this size are put on a small spiral rather than simulated.
SMALL_PIECE = 12
# Ideal distance between linked nodes, in vis-network canvas units (a node is ~20 wide).
EDGE_LENGTH = 60.0


def force_layout(
    nodes: Iterable[Hashable],
    edges: Iterable[tuple[Hashable, Hashable]],
    *,
    iterations: int | None = None,
    seed: int = 0,
    spacing: float = 1.0,
) -> dict[Hashable, tuple[float, float]]:
    """Deterministic (for a given seed) 2-D positions for ``nodes``, linked by ``edges``,
    about ``spacing`` x EDGE_LENGTH apart.

    Edges are taken as undirected; repeated edges and self-loops count once and not at all.
    """
    ids = list(dict.fromkeys(nodes))
    n = len(ids)
    if n == 0:
        return {}
    src, dst = _links(ids, edges)
    if iterations is None:
        # Fewer rounds for big graphs keeps 5,000 nodes / 50,000 edges near a second; the
        # cooling schedule still ends each run in a settled state.
        iterations = max(30, min(80, int(2_000_000 / (n + 2 * len(src) + 1))))
    rng = np.random.default_rng(seed)
    side = EDGE_LENGTH * math.sqrt(n) * 1.5
    pos = rng.uniform(0, side, size=(n, 2))
    degree = np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)
    # Each edge pulls in proportion to 1/sqrt(deg a * deg b): without it a graph of mean
    # degree 20 collapses into one dense ball where nodes overlap.
    weight = 1 / np.sqrt(degree[src] * degree[dst]) if len(src) else np.zeros(0)
    for step in range(iterations):
        temperature = side / 8 * (1 - step / iterations) + 1.0
        force = _repulsion(pos) + _pressure(pos) + _attraction(pos, src, dst, weight)
        length = np.hypot(force[:, 0], force[:, 1])
        scale = np.minimum(length, temperature) / np.where(length > 0, length, 1.0)
        pos += force * scale[:, None]
    # tolist() gives the same Python floats as float(pos[i, 0]), 150,000 at once at 50k.
    return {
        node: (round(x, 1), round(y, 1)) for node, (x, y) in zip(ids, pos.tolist(), strict=True)
    }


def _links(
    ids: list[Hashable], edges: Iterable[tuple[Hashable, Hashable]]
) -> tuple[np.ndarray, np.ndarray]:
    """(src, dst): the edges between ``ids`` as index pairs src < dst, each pair once,
    sorted (what ``sorted({(min(i, j), max(i, j))})`` gives, made by numpy: 100 layouts
    of a 50,000-work page turn 400,000 edges into pairs)."""
    n = len(ids)
    index = {node: i for i, node in enumerate(ids)}
    ends = np.array(
        [(index[u], index[v]) for u, v in edges if u in index and v in index], dtype=np.intp
    ).reshape(-1, 2)
    low, high = ends.min(axis=1), ends.max(axis=1)
    loop = low == high  # a self-loop: no pull
    key = np.unique(low[~loop] * n + high[~loop])  # sorted by (low, high), as high < n
    return key // n, key % n


def packed_layout(
    nodes: Iterable[Hashable],
    edges: Iterable[tuple[Hashable, Hashable]],
    *,
    seed: int = 0,
    spacing: float = 1.0,
) -> dict[Hashable, tuple[float, float]]:
    """``force_layout`` of each connected component on its own, the components then packed
    in rows, largest first, and the nodes with no edge on one compact spiral of their own.

    One force layout of a graph in many pieces spreads the pieces and the lone nodes evenly
    over one big disc (the far-field push sees one crowd): a library with few links opened
    as a faint, even haze of dots. Packed, each group is visible as a group. Deterministic.
    """
    ids = list(dict.fromkeys(nodes))
    parent = {n: n for n in ids}

    def root(n: Hashable) -> Hashable:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    pairs = [(u, v) for u, v in edges if u != v and u in parent and v in parent]
    for u, v in pairs:
        parent[root(u)] = root(v)
    groups: dict[Hashable, list[Hashable]] = {}
    for n in ids:
        groups.setdefault(root(n), []).append(n)
    lone = [g[0] for g in groups.values() if len(g) == 1]
    members = {n: r for r, g in groups.items() if len(g) > 1 for n in g}
    links: dict[Hashable, list[tuple[Hashable, Hashable]]] = {}
    for u, v in pairs:
        links.setdefault(members[u], []).append((u, v))
    # Small pieces (a pair, a few co-authored papers) need no simulation: a tight spiral.
    pieces = [
        force_layout(g, links[r], seed=seed)
        if len(g) > SMALL_PIECE
        else _spiral(g, EDGE_LENGTH * 0.7)
        for r, g in groups.items()
        if len(g) > 1
    ]
    if lone:
        pieces.append(_spiral(lone, EDGE_LENGTH * 0.7 * spacing))
    return _pack(pieces, gap=EDGE_LENGTH * 1.5 * spacing)


def _spiral(ids: list[Hashable], spacing: float) -> dict[Hashable, tuple[float, float]]:
    """A filled phyllotaxis disc: node i at radius spacing*sqrt(i), golden angle apart."""
    return {
        n: (
            spacing * math.sqrt(i) * math.cos(i * _GOLDEN),
            spacing * math.sqrt(i) * math.sin(i * _GOLDEN),
        )
        for i, n in enumerate(ids)
    }


def _pack(
    pieces: list[dict[Hashable, tuple[float, float]]], gap: float
) -> dict[Hashable, tuple[float, float]]:
    """The pieces' bounding boxes in rows ("shelf" packing), largest first, a gap apart;
    rows about as wide as the square root of the total area (or the widest piece)."""
    boxes = []
    for piece in pieces:
        xs = [p[0] for p in piece.values()]
        ys = [p[1] for p in piece.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys), piece))
    boxes.sort(key=lambda b: -(b[2] + EDGE_LENGTH) * (b[3] + EDGE_LENGTH))
    area = sum((b[2] + gap) * (b[3] + gap) for b in boxes)
    width = max(math.sqrt(area) * 1.2, max((b[2] for b in boxes), default=0.0))
    out: dict[Hashable, tuple[float, float]] = {}
    x = y = row = 0.0
    for left, top, w, h, piece in boxes:
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row + gap, 0.0
        for n, (px, py) in piece.items():
            out[n] = (round(px - left + x, 1), round(py - top + y, 1))
        x += w + gap
        row = max(row, h)
    return out


# The golden angle: consecutive satellites of one anchor never line up on one ray.
_GOLDEN = math.pi * (3 - math.sqrt(5))


def satellite_layout(
    nodes: Iterable[Hashable],
    edges: Iterable[tuple[Hashable, Hashable]],
    satellites: Iterable[Hashable],
    *,
    seed: int = 0,
) -> dict[Hashable, tuple[float, float]]:
    """``force_layout`` of the nodes that are not satellites, then every satellite with a
    laid-out neighbour on a small spiral at the centre of those neighbours. Deterministic.

    A satellite joins the force layout instead when it has no other neighbour, or when one
    of its neighbours has no edge among the core: such a work is held in place only by its
    satellites, and without them the far-field push sends it to the edge of the picture.
    """
    ids = list(dict.fromkeys(nodes))
    outer = set(satellites)
    pairs = [(u, v) for u, v in edges if u != v]
    held = {n for u, v in pairs if u not in outer and v not in outer for n in (u, v)}
    anchors: dict[Hashable, list[Hashable]] = {}
    for u, v in pairs:
        if (u in outer) != (v in outer):
            sat, anchor = (u, v) if u in outer else (v, u)
            anchors.setdefault(sat, []).append(anchor)
    anchors = {s: a for s, a in anchors.items() if all(n in held for n in a)}
    core = [n for n in ids if n not in anchors]
    inner = set(core)
    positions = packed_layout(
        core, ((u, v) for u, v in pairs if u in inner and v in inner), seed=seed
    )
    crowd: dict[Hashable, int] = {}  # satellites placed so far around each first anchor
    for sat in ids:
        if sat in anchors:
            positions[sat] = beside(anchors[sat], positions, crowd)
    return positions


def beside(
    anchors: list[Hashable],
    positions: dict[Hashable, tuple[float, float]],
    crowd: dict[Hashable, int],
) -> tuple[float, float]:
    """A spot on a phyllotaxis spiral (radius ~ sqrt(i)) around the anchors' centre, i-th
    of the satellites sharing this first anchor: evenly spread, never on one spot."""
    cx = sum(positions[a][0] for a in anchors) / len(anchors)
    cy = sum(positions[a][1] for a in anchors) / len(anchors)
    i = crowd.get(anchors[0], 0)
    crowd[anchors[0]] = i + 1
    radius = EDGE_LENGTH * 0.45 * math.sqrt(i + 1)
    angle = i * _GOLDEN + len(anchors)  # satellites of several anchors start elsewhere
    return (round(cx + radius * math.cos(angle), 1), round(cy + radius * math.sin(angle), 1))


def _pushes(n: int, i: np.ndarray, j: np.ndarray, dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
    """(n, 2) sums of the pair forces (dx, dy): added to node ``i`` of each pair, taken from
    node ``j``. The x and y parts are kept in 1-D arrays (contiguous, so bincount copies
    nothing); np.add.at would do the same, but slower."""
    out = np.empty((n, 2))
    out[:, 0] = np.bincount(i, dx, minlength=n) - np.bincount(j, dx, minlength=n)
    out[:, 1] = np.bincount(i, dy, minlength=n) - np.bincount(j, dy, minlength=n)
    return out


def kd_tree() -> Any:
    """scipy's k-d tree class (``scipy.spatial.cKDTree``), imported when first asked for:
    scipy.spatial takes 0.2 s to import, which every verb (show, find) paid at start, and
    only a page above PHYSICS_LIMIT nodes runs the force layout. Ask for it before forking
    processes that will all lay out (topicmap's shared layout): they share the import."""
    from scipy.spatial import cKDTree

    return cKDTree


def _repulsion(pos: np.ndarray) -> np.ndarray:
    """k^2/d pushes between nodes closer than 2k (the "grid variant" of Fruchterman and
    Reingold, 1991), the close pairs found by a k-d tree: O(n log n) per iteration."""
    cKDTree = kd_tree()  # noqa: N806 (scipy's class)
    n = len(pos)
    pairs = cKDTree(pos).query_pairs(2 * EDGE_LENGTH, output_type="ndarray")
    if not len(pairs):
        return np.zeros((n, 2))
    i, j = np.ascontiguousarray(pairs[:, 0]), np.ascontiguousarray(pairs[:, 1])
    x, y = pos[:, 0], pos[:, 1]
    dx, dy = x[i] - x[j], y[i] - y[j]
    d2 = dx * dx + dy * dy
    # Two nodes on one spot are pushed apart along a direction of their own.
    same = d2 < 0.01
    if same.any():
        dx[same] = (i[same] - j[same]) * 0.1
        dy[same] = 0.1
        d2[same] = dx[same] * dx[same] + dy[same] * dy[same]
    push = EDGE_LENGTH * EDGE_LENGTH / d2
    return _pushes(n, i, j, dx * push, dy * push)


def _pressure(pos: np.ndarray) -> np.ndarray:
    """The far-field part of the repulsion, by Gauss's law for a 1/d force in the plane.

    For a radially symmetric crowd, the sum of k^2/d pushes on a node at radius r from all
    the others is k^2 * (nodes nearer the centre) / r, pointing outwards. The cut-off
    repulsion misses exactly this long-range term, without which a dense graph collapses.
    """
    rel = pos - pos.mean(axis=0)
    r = np.hypot(rel[:, 0], rel[:, 1])
    rank = np.empty(len(pos))
    rank[np.argsort(r, kind="stable")] = np.arange(len(pos))
    factor = np.where(r > 1e-6, EDGE_LENGTH * EDGE_LENGTH * rank / np.maximum(r * r, 1e-12), 0.0)
    return rel * factor[:, None]


def _attraction(
    pos: np.ndarray, src: np.ndarray, dst: np.ndarray, weight: np.ndarray
) -> np.ndarray:
    """w * d^2/k pulls along every edge (along the unit vector: w * d * d / k * (v / d))."""
    n = len(pos)
    if not len(src):
        return np.zeros((n, 2))
    dx, dy = pos[src, 0] - pos[dst, 0], pos[src, 1] - pos[dst, 1]
    pull = np.hypot(dx, dy) / EDGE_LENGTH * weight
    return _pushes(n, dst, src, dx * pull, dy * pull)
