"""The page script joined from refgraph/render/js/ (refgraph.render.script)."""

from __future__ import annotations

import re
from importlib import resources

from refgraph.render import render_html
from refgraph.render.script import page_script

JS = resources.files("refgraph.render").joinpath("js")


def _modules() -> dict[str, str]:
    return {e.name: e.read_text(encoding="utf-8") for e in JS.iterdir() if e.name.endswith(".js")}


def test_every_module_is_in_the_script_once_and_main_runs_last():
    script = page_script()
    for name in _modules():
        assert script.count(f'sources["{name[:-3]}"] = function') == 1
    assert script.rstrip().endswith('require("main").main();\n})();'.rstrip())


def test_every_dom_id_the_script_reads_is_in_the_template():
    ids = re.findall(r':\s*"([a-z-]+)"', _modules()["ids.js"])
    template = resources.files("refgraph.render").joinpath("page.html").read_text("utf-8")
    assert len(ids) > 20
    missing = [i for i in ids if f'id="{i}"' not in template]
    assert missing == []


def test_no_module_writes_markup_or_evaluates_text():
    for name, text in _modules().items():
        for banned in ("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function"):
            assert banned not in text, f"{name} uses {banned}"


def test_the_page_inlines_the_joined_script(tmp_path):
    import networkx as nx

    page = render_html(nx.MultiDiGraph(name="empty"))
    assert page_script() in page


def test_a_big_details_block_is_gzipped_and_reads_back_line_by_line(monkeypatch):
    import base64
    import gzip

    import refgraph.render as render

    texts = ['{"title":"</script><b>"}', "", '{"note":"line\\nbreak"}']
    plain, encoding = render.details_block(texts)
    assert encoding == "" and "</script" not in plain and len(plain.split("\n")) == 3
    monkeypatch.setattr(render, "GZIP_DETAILS_ABOVE", 0)
    packed, encoding = render.details_block(texts)
    assert encoding == "gzip+base64"
    assert gzip.decompress(base64.b64decode(packed)).decode("utf-8") == plain
    assert render.details_block(texts) == (packed, encoding)  # deterministic (mtime 0)
