import sys

from refgraph.cli import main

sys.exit(main())
