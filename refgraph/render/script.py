"""The page script: the CommonJS modules of ``refgraph/render/js/`` joined into one script.

Each module is a small file with one feature (data, filters, search, details, view, ...)
that uses ``require("./name.js")`` and ``module.exports``, so that ``node --test tests/js/``
loads the pure ones unchanged. Here they are wrapped in functions and given a ten-line
``require`` that runs each module once, on first use, and the entry point ``main.js`` is
started: one inline script whose SHA-256 goes into the page's Content-Security-Policy. No
eval and no bundler at run time or build time.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

_REQUIRE = re.compile(r"""require\("\./([a-z][a-z0-9-]*)\.js"\)""")
_PRELUDE = """\
(function () {
  "use strict";
  const sources = Object.create(null);
  const loaded = Object.create(null);
  function require(path) {
    const name = path.replace(/^\\.\\//, "").replace(/\\.js$/, "");
    if (!loaded[name]) {
      const module = { exports: {} };
      loaded[name] = module;
      sources[name](require, module, module.exports);
    }
    return loaded[name].exports;
  }
"""


@cache
def page_script() -> str:
    """The page's script as one text: every module of ``js/``, then ``main()`` called.

    Raises ValueError when a module requires one that is not there, or holds ``</script``
    (which would end the inline block early).
    """
    folder = resources.files(__package__).joinpath("js")
    modules = {
        entry.name[:-3]: entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".js")
    }
    parts = [_PRELUDE]
    for name, text in modules.items():
        if "</script" in text.lower():
            raise ValueError(f"js/{name}.js contains </script")
        missing = set(_REQUIRE.findall(text)) - modules.keys()
        if missing:
            raise ValueError(f"js/{name}.js requires missing modules: {sorted(missing)}")
        parts.append(
            f"  sources[{json.dumps(name)}] = function (require, module, exports) {{\n"
            f"{text}\n  }};\n"
        )
    parts.append('  require("main").main();\n})();\n')
    return "".join(parts)
