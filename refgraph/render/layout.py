"""Positions for large pages, computed in Python so the browser runs no physics.

vis-network's physics needs minutes above a few hundred nodes (see docs/page.md), so the
renderer asks this module for fixed positions instead. networkx's own layouts need numpy
(and scipy above 500 nodes), which refgraph does not depend on; and their exact repulsion is
quadratic. This is Fruchterman-Reingold with the repulsion cut off at a few ideal edge
lengths and found through a spatial hash (the "grid variant" of the original 1991 paper),
so one iteration costs O(nodes + edges). Measured in docs/page.md.

``satellite_layout`` lays out only the "core" nodes that way and puts each satellite (a
cited work outside the library, hidden until asked for) next to the nodes that cite it: at
10,000 works that halves the nodes and cuts the edges the iterations pull along by 2/3.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Iterable

# Ideal distance between linked nodes, in vis-network canvas units (a node is ~20 wide).
EDGE_LENGTH = 60.0


def force_layout(
    nodes: Iterable[Hashable],
    edges: Iterable[tuple[Hashable, Hashable]],
    *,
    iterations: int | None = None,
    seed: int = 0,
) -> dict[Hashable, tuple[float, float]]:
    """Deterministic (for a given seed) 2-D positions for ``nodes``, linked by ``edges``.

    Edges are taken as undirected; repeated edges and self-loops count once and not at all.
    """
    ids = list(dict.fromkeys(nodes))
    index = {node: i for i, node in enumerate(ids)}
    n = len(ids)
    if n == 0:
        return {}
    pairs = {
        (min(index[u], index[v]), max(index[u], index[v]))
        for u, v in edges
        if u != v and u in index and v in index
    }
    if iterations is None:
        # Fewer rounds for big graphs keeps 5,000 nodes / 50,000 edges to a few seconds;
        # the cooling schedule still ends each run in a settled state.
        iterations = max(25, min(150, int(300_000 / (n + 2 * len(pairs) + 1))))
    rng = random.Random(seed)
    side = EDGE_LENGTH * math.sqrt(n) * 1.5
    xs = [rng.uniform(0, side) for _ in range(n)]
    ys = [rng.uniform(0, side) for _ in range(n)]
    src = [a for a, _ in pairs]
    dst = [b for _, b in pairs]
    degree = [0] * n
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1
    # Each edge pulls in proportion to 1/sqrt(deg a * deg b): without it a graph of mean
    # degree 20 collapses into one dense ball where nodes overlap and the repulsion grid
    # degenerates to quadratic time.
    weight = [1 / math.sqrt(degree[a] * degree[b]) for a, b in pairs]
    for step in range(iterations):
        temperature = side / 8 * (1 - step / iterations) + 1.0
        dx, dy = _repulsion(xs, ys)
        _pressure(xs, ys, dx, dy)
        _attraction(xs, ys, src, dst, weight, dx, dy)
        _move(xs, ys, dx, dy, temperature)
    return {node: (round(xs[i], 1), round(ys[i], 1)) for i, node in enumerate(ids)}


def packed_layout(
    nodes: Iterable[Hashable],
    edges: Iterable[tuple[Hashable, Hashable]],
    *,
    seed: int = 0,
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
    pieces = [force_layout(g, links[r], seed=seed) for r, g in groups.items() if len(g) > 1]
    if lone:
        pieces.append(_spiral(lone, EDGE_LENGTH * 0.7))
    return _pack(pieces)


def _spiral(ids: list[Hashable], spacing: float) -> dict[Hashable, tuple[float, float]]:
    """A filled phyllotaxis disc: node i at radius spacing*sqrt(i), golden angle apart."""
    return {
        n: (
            spacing * math.sqrt(i) * math.cos(i * _GOLDEN),
            spacing * math.sqrt(i) * math.sin(i * _GOLDEN),
        )
        for i, n in enumerate(ids)
    }


def _pack(pieces: list[dict[Hashable, tuple[float, float]]]) -> dict[Hashable, tuple[float, float]]:
    """The pieces' bounding boxes in rows ("shelf" packing), largest first, a gap apart;
    rows about as wide as the square root of the total area (or the widest piece)."""
    boxes = []
    for piece in pieces:
        xs = [p[0] for p in piece.values()]
        ys = [p[1] for p in piece.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys), piece))
    boxes.sort(key=lambda b: -(b[2] + EDGE_LENGTH) * (b[3] + EDGE_LENGTH))
    gap = EDGE_LENGTH * 1.5
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
            positions[sat] = _beside(anchors[sat], positions, crowd)
    return positions


def _beside(
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


def _repulsion(xs: list[float], ys: list[float]) -> tuple[list[float], list[float]]:
    """k^2/d pushes between nodes closer than 2k, found in neighbouring grid cells.

    Each pair is visited once (a cell with itself and four of its eight neighbours) and
    pushes both nodes: half the work of visiting every node's 3x3 block.
    """
    k2 = EDGE_LENGTH * EDGE_LENGTH
    cell = 2 * EDGE_LENGTH
    cutoff2 = cell * cell
    grid: dict[tuple[int, int], list[int]] = {}
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        grid.setdefault((int(x // cell), int(y // cell)), []).append(i)
    n = len(xs)
    dx = [0.0] * n
    dy = [0.0] * n
    for (cx, cy), members in grid.items():
        after = [j for o in _FORWARD for j in grid.get((cx + o[0], cy + o[1]), ())]
        for a, i in enumerate(members):
            xi, yi = xs[i], ys[i]
            fx = fy = 0.0
            for j in members[a + 1 :] + after:
                ddx = xi - xs[j]
                ddy = yi - ys[j]
                d2 = ddx * ddx + ddy * ddy
                if d2 < cutoff2:
                    if d2 < 0.01:  # two nodes on one spot: push apart in a fixed direction
                        _apart(i, j, dx, dy)
                        continue
                    f = k2 / d2
                    fx += ddx * f
                    fy += ddy * f
                    dx[j] -= ddx * f
                    dy[j] -= ddy * f
            dx[i] += fx
            dy[i] += fy
    return dx, dy


# The neighbour cells that come "after" a cell; with the cell itself they cover each pair once.
_FORWARD = ((1, -1), (1, 0), (1, 1), (0, 1))


def _apart(i: int, j: int, dx: list[float], dy: list[float]) -> None:
    """Two nodes on one spot: each is pushed along a fixed direction of its own."""
    k2 = EDGE_LENGTH * EDGE_LENGTH
    for a, b in ((i, j), (j, i)):
        ddx, ddy, d2 = (a - b) * 0.1, 0.1, 0.01 + 0.01 * (a - b) ** 2
        dx[a] += ddx * k2 / d2
        dy[a] += ddy * k2 / d2


def _pressure(xs: list[float], ys: list[float], dx: list[float], dy: list[float]) -> None:
    """The far-field part of the repulsion, by Gauss's law for a 1/d force in the plane.

    For a radially symmetric crowd, the sum of k^2/d pushes on a node at radius r from all
    the others is k^2 * (nodes nearer the centre) / r, pointing outwards. The cut-off grid
    misses exactly this long-range term, without which a dense graph collapses into a ball.
    """
    n = len(xs)
    cx = sum(xs) / n
    cy = sum(ys) / n
    k2 = EDGE_LENGTH * EDGE_LENGTH
    radii = [math.hypot(x - cx, y - cy) for x, y in zip(xs, ys, strict=True)]
    for rank, i in enumerate(sorted(range(n), key=radii.__getitem__)):
        r = radii[i]
        if r > 1e-6:
            f = k2 * rank / (r * r)
            dx[i] += (xs[i] - cx) * f
            dy[i] += (ys[i] - cy) * f


def _attraction(
    xs: list[float],
    ys: list[float],
    src: list[int],
    dst: list[int],
    weight: list[float],
    dx: list[float],
    dy: list[float],
) -> None:
    """w * d^2/k pulls along every edge (along the unit vector: w * d * d / k * (v / d))."""
    inv_k = 1 / EDGE_LENGTH
    for a, b, w in zip(src, dst, weight, strict=True):
        ddx = xs[a] - xs[b]
        ddy = ys[a] - ys[b]
        f = math.sqrt(ddx * ddx + ddy * ddy) * inv_k * w
        dx[a] -= ddx * f
        dy[a] -= ddy * f
        dx[b] += ddx * f
        dy[b] += ddy * f


def _move(
    xs: list[float], ys: list[float], dx: list[float], dy: list[float], temperature: float
) -> None:
    """Move each node along its net force, by at most the current temperature."""
    for i in range(len(xs)):
        fx, fy = dx[i], dy[i]
        length = math.sqrt(fx * fx + fy * fy)
        if length > 0:
            step = min(length, temperature) / length
            xs[i] += fx * step
            ys[i] += fy * step
