"""Build the booklet in this folder: `python make_book.py --help` lists the commands."""
import sys

from book.cli import main

# Guarded: a process the preview starts afresh imports this file without running it.
if __name__ == "__main__":
    sys.exit(main())
