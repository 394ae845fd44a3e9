"""A long fuzzing run of the markup and book.toml properties: python bench/fuzz.py [N]

CI runs the same properties with 40 examples each; this runs N (default 2000) and prints
Hypothesis's statistics: how many inputs built and how many failed with a located error.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

if __name__ == "__main__":
    examples = sys.argv[1] if len(sys.argv) > 1 else "2000"
    tests = Path(__file__).parent.parent / "tests" / "test_fuzz.py"
    sys.exit(subprocess.call([sys.executable, "-m", "pytest", "-q", str(tests),
                              "--hypothesis-show-statistics", "-p", "no:cacheprovider"],
                             env={**os.environ, "FUZZ_EXAMPLES": examples}))
