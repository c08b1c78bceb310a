from refgraph.cli import entry

entry()
