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
    positions = force_layout(
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
