"""`python -m tests.catalogue_snapshot --record BUILD_DIR`: freeze the samples' answers."""
import sys
from pathlib import Path

from . import record

if sys.argv[1:2] != ["--record"] or len(sys.argv) != 3:
    sys.exit("usage: python -m tests.catalogue_snapshot --record BUILD_DIR")
record(Path(sys.argv[2]))
