"""A real headless Chromium driven through the DevTools protocol on a pipe: a page is
loaded at a phone's or a desktop's size, in light or dark mode, and measured by script."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium")


class Browser:
    """One Chromium process and one tab; use it as a context manager."""

    def __init__(self, profile: Path):
        # Chromium reads commands from its fd 3 and writes answers to its fd 4: the shell
        # moves this process's pipes there.
        self._process = subprocess.Popen(
            ["sh", "-c", 'exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>/dev/null', str(CHROMIUM),
             "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-quic", "--allow-file-access-from-files", "--remote-debugging-pipe",
             f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._next_id = 0
        self._buffer = b""
        self._events: list[dict[str, Any]] = []
        target = self._call("Target.createTarget", url="about:blank")["targetId"]
        self._session = self._call("Target.attachToTarget", targetId=target,
                                   flatten=True)["sessionId"]
        self.call("Page.enable")

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *_: object) -> None:
        self._process.kill()
        self._process.communicate()

    def open(self, url: str, width: int, dark: bool = False, print_media: bool = False,
             phone: bool | None = None) -> None:
        """Load `url` in a window `width` CSS px wide: below 800 px as a phone would,
        honouring the page's viewport tag (unless `phone` is False: a reading system's
        frame of that width), and in dark mode if asked."""
        phone = width < 800 if phone is None else phone
        self.call("Emulation.setDeviceMetricsOverride", width=width,
                  height=844 if phone else 900, deviceScaleFactor=2 if phone else 1,
                  mobile=phone)
        self.call("Emulation.setEmulatedMedia", media="print" if print_media else "",
                  features=[{"name": "prefers-color-scheme",
                             "value": "dark" if dark else "light"}])
        self._events.clear()
        self.call("Page.navigate", url=url)
        self._wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (a promise is awaited)."""
        answer = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in answer:
            raise AssertionError(answer["exceptionDetails"])
        return answer["result"].get("value")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """A command to the tab."""
        return self._call(method, session=self._session, **params)

    def _call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps(message).encode() + b"\0")
        self._process.stdin.flush()
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise AssertionError(f"{method}: {reply['error']}")
                return reply["result"]
            self._events.append(reply)

    def _wait_for(self, event: str) -> None:
        while not any(e.get("method") == event for e in self._events):
            self._events.append(self._read())

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            assert self._process.stdout is not None
            chunk = self._process.stdout.read1(1 << 16)
            if not chunk:
                raise AssertionError("Chromium closed its pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)
