"""What a figure script's crash says: a time-out or a hard crash (a signal, an exit), at
the script's line that the traceback names."""
from __future__ import annotations

import re
import signal
from pathlib import Path

from ..errors import BookError

# The time-out traceback names the script's frames as: File "/path/script.py", line 12
TRACEBACK_LINE = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+)')
TIMED_OUT = re.compile(r"^Timeout \(", re.M)  # faulthandler's first line


def crash_error(script: Path, stderr: str, status: int, timeout: float) -> BookError:
    """The script ended its process without a result: a time-out, or a hard crash."""
    lines = [int(m["line"]) for m in TRACEBACK_LINE.finditer(stderr)
             if Path(m["file"]).resolve() == script.resolve()]
    line = lines[0] if lines else 1  # faulthandler lists the innermost frame first
    if TIMED_OUT.search(stderr) or status == -signal.SIGALRM:
        return BookError.at(script, line, 1, f"the figure script ran longer than {timeout:g} s "
                                             "and was stopped here; make it faster or raise "
                                             "figure_timeout in book.toml")
    if status < 0:
        try:
            detail = f"killed by {signal.Signals(-status).name}"
        except ValueError:
            detail = f"killed by signal {-status}"
    else:
        detail = (stderr.strip().splitlines() or [f"exit status {status}"])[-1]
    return BookError.at(script, line, 1, f"the figure script crashed: {detail}")
