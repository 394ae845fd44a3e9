"""Build the booklet in this folder: `python make_book.py --help` lists the commands."""
import sys

from book.cli import main

sys.exit(main())
