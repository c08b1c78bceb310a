#!/usr/bin/env bash
# Installs everything the test suite needs (Debian's chromium for the browser tests, the
# package with its test extras in .venv) and runs the whole suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: chromium for the real-browser page tests, biber to check that exported
# BibTeX and biblatex are valid for biber, pandoc to check that Pandoc reads the CSL-JSON,
# nodejs for the page script's unit tests (node --test tests/js/), bibtex and plain.bst
# (texlive-binaries, texlive-base) to print the corpora and their exports entry by entry.
if [ ! -x /usr/bin/chromium ] || ! command -v biber >/dev/null || ! command -v pandoc >/dev/null \
  || ! command -v node >/dev/null || ! command -v bibtex >/dev/null \
  || ! kpsewhich plain.bst >/dev/null 2>&1; then
  echo "Installing Debian's chromium, biber, pandoc, nodejs, bibtex and plain.bst for the tests..."
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium biber pandoc nodejs \
    texlive-binaries texlive-base >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'

.venv/bin/ruff check refgraph tests benchmarks
.venv/bin/mypy refgraph

set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
exit "$status"
