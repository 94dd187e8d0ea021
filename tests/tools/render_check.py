# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""Open an HTML report in headless Chromium and check that it renders.

usage: render_check.py CHROMIUM REPORT.html SCREENSHOT.png CALLS

Drives Chromium over the DevTools protocol (a WebSocket client written
here from RFC 6455, the standard library only) and checks: every character
of every text shown is covered by a font Chromium used for it (its
platform fonts, CSS.getPlatformFontsForNode, against their character sets
from fontconfig's fc-list), so no glyph is missing; each of the CALLS
calls has its timeline, talk-share and category charts and the page its
two forest plots, all laid out with a size; a screenshot is a PNG that is
not blank.  Every wait is for an event or a reply, with a generous
timeout, never a sleep.
"""
import base64
import json
import os
import select
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import zlib

TIMEOUT = 120  # seconds: for a loaded machine; a failure, never a measure


class WebSocket:
    """A client WebSocket (RFC 6455): text frames out, masked; frames in."""

    def __init__(self, url):
        assert url.startswith("ws://")
        hostport, _, path = url[5:].partition("/")
        host, _, port = hostport.partition(":")
        self.sock = socket.create_connection((host, int(port)), timeout=TIMEOUT)
        key = base64.b64encode(os.urandom(16)).decode()
        # no Origin header: Chromium refuses unlisted origins, not their absence
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\n"
                           "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
                          .encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise OSError("connection closed during the handshake")
            head += chunk
        head, _, self.buf = head.partition(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 101"):
            raise OSError(f"handshake refused: {head[:80]!r}")

    def _exact(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buf)))
            if not chunk:
                raise OSError("connection closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _send(self, opcode, payload):
        head = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + body)

    def send(self, text):
        self._send(0x1, text.encode())

    def recv(self):
        """The next whole message (text), answering pings on the way."""
        parts = []
        while True:
            b0, b1 = self._exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._exact(8))[0]
            mask = self._exact(4) if b1 & 0x80 else None
            data = self._exact(n)
            if mask:
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
            opcode = b0 & 0x0F
            if opcode == 0x9:
                self._send(0xA, data)
                continue
            if opcode == 0x8:
                raise OSError("the browser closed the connection")
            if opcode in (0x0, 0x1, 0x2):
                parts.append(data)
                if b0 & 0x80:
                    return b"".join(parts).decode()


class Browser:
    """Chromium with a DevTools endpoint and one page attached."""

    def __init__(self, chromium):
        self.dir = tempfile.mkdtemp(prefix="talkstat-chromium.")
        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
             "--force-device-scale-factor=1", "--window-size=1000,1400",
             f"--user-data-dir={self.dir}", "--remote-debugging-port=0", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = self._endpoint()
        self.ws = WebSocket(url)
        self.next_id = 0
        self.events = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]

    def _endpoint(self):
        """The browser's WebSocket URL, from the line Chromium prints when it listens."""
        deadline = time.monotonic() + TIMEOUT
        seen = b""
        fd = self.proc.stderr.fileno()
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], deadline - time.monotonic())
            if not ready:
                break
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            seen += chunk
            for line in seen.split(b"\n"):
                if line.startswith(b"DevTools listening on ws://"):
                    # keep reading its stderr so that it never blocks on a full pipe
                    self._drain()
                    return line.split(b" on ", 1)[1].strip().decode()
        raise OSError("Chromium printed no DevTools endpoint: " +
                      seen.decode(errors="replace")[-600:])

    def _drain(self):
        import threading

        def drain(f):
            while f.read(65536):
                pass
        threading.Thread(target=drain, args=(self.proc.stderr,), daemon=True).start()

    def call(self, method, session=None, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise OSError(f"{method}: {reply['error']}")
                return reply["result"]
            if "method" in reply:
                self.events.append(reply)

    def page(self, method, **params):
        return self.call(method, session=self.session, **params)

    def wait_event(self, name):
        while True:
            for i, e in enumerate(self.events):
                if e["method"] == name:
                    return self.events.pop(i)
            reply = json.loads(self.ws.recv())
            if "method" in reply:
                self.events.append(reply)

    def evaluate(self, expr):
        r = self.page("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise OSError(f"script failed: {r['exceptionDetails']}")
        return r["result"].get("value")

    def close(self):
        try:
            self.call("Browser.close")
        except OSError:
            pass
        try:
            self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def charset(family, cache={}):
    """The code points of a font family, from fontconfig (ranges in hex)."""
    if family not in cache:
        out = subprocess.run(["fc-list", "--format", "%{charset}\n", f":family={family}"],
                             capture_output=True, text=True, check=True).stdout
        points = set()
        for word in out.split():
            lo, _, hi = word.partition("-")
            points.update(range(int(lo, 16), int(hi or lo, 16) + 1))
        cache[family] = points
    return cache[family]


def png_pixels(data):
    """Width, height and rows of RGB(A) bytes of an 8-bit PNG (RFC 2083)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, w = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6), f"PNG depth {depth} colour {colour}"
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 0xFF
            elif f == 2:
                line[x] = (line[x] + b) & 0xFF
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


SKIP = {"STYLE", "TITLE", "HEAD", "SCRIPT", "#document"}


def text_elements(node, out):
    """Elements with text of their own (their child text nodes)."""
    own = "".join(c.get("nodeValue", "") for c in node.get("children", []) if c["nodeType"] == 3)
    if node["nodeType"] == 1 and node["nodeName"].upper() not in SKIP and own.strip():
        out.append((node["nodeId"], node["nodeName"], own))
    if node.get("nodeName", "").upper() in SKIP:
        return
    for c in node.get("children", []):
        text_elements(c, out)


def main():
    chromium, report, shot, calls = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    errors = []
    b = Browser(chromium)
    try:
        for domain in ("Page", "DOM", "CSS", "Runtime"):
            b.page(f"{domain}.enable")
        b.page("Page.navigate", url="file://" + os.path.abspath(report))
        b.wait_event("Page.loadEventFired")
        # every transcript shown, so that its text is laid out and checked too
        b.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        b.evaluate("document.fonts.ready.then(() => document.fonts.status)")
        # the charts: present, laid out, with a size
        sizes = b.evaluate("""JSON.stringify([...document.querySelectorAll('svg')].map(s => {
            const r = s.getBoundingClientRect();
            return [s.getAttribute('class'), r.width, r.height,
                    s.querySelectorAll('rect, line, circle').length];
        }))""")
        svgs = json.loads(sizes)
        for kind, want in (("timeline", calls), ("share", calls), ("categories", calls),
                           ("forest", 2)):
            got = [s for s in svgs if s[0] == kind]
            if len(got) != want:
                errors.append(f"{len(got)} {kind} charts, {want} expected")
            for s in got:
                if not (s[1] > 0 and s[2] > 0 and s[3] > 0):
                    errors.append(f"a {kind} chart of size {s[1]}x{s[2]} with {s[3]} marks")
        bars = b.evaluate("""[...document.querySelectorAll('svg.share rect')]
            .filter(r => r.getBoundingClientRect().width > 0).length""")
        if not bars:
            errors.append("no talk-share bar has a width")
        # every character of every text covered by a font used for it
        doc = b.page("DOM.getDocument", depth=-1, pierce=True)["root"]
        elements = []
        text_elements(doc, elements)
        checked = cjk = 0
        missing = {}
        for node_id, name, text in elements:
            fonts = b.page("CSS.getPlatformFontsForNode", nodeId=node_id)["fonts"]
            if not fonts:
                errors.append(f"<{name}> with text {text[:30]!r} has no font")
                continue
            cover = set()
            for f in fonts:
                cover |= charset(f["familyName"])
            for ch in text:
                if ch.isspace():
                    continue
                checked += 1
                cjk += 0x3000 <= ord(ch) <= 0x9FFF or 0xFF00 <= ord(ch) <= 0xFFEF
                if ord(ch) not in cover:
                    missing.setdefault(ch, (name, [f["familyName"] for f in fonts]))
        for ch, (name, fams) in sorted(missing.items())[:20]:
            errors.append(f"no glyph for {ch!r} (U+{ord(ch):04X}) in <{name}>: fonts {fams}")
        if checked < 1000 or cjk < 500:
            errors.append(f"only {checked} characters ({cjk} CJK) checked: the page lacks text")
        # a screenshot, kept; its copy at a fifth of the size (decoding PNG in
        # Python is slow) is checked not to be blank
        data = base64.b64decode(b.page("Page.captureScreenshot", format="png")["data"])
        with open(shot, "wb") as f:
            f.write(data)
        small = b.page("Page.captureScreenshot", format="png",
                       clip={"x": 0, "y": 0, "width": 1000, "height": 1300, "scale": 0.2})
        w, h, bpp, rows = png_pixels(base64.b64decode(small["data"]))
        colours = set()
        dark = 0
        for row in rows:
            for x in range(0, w * bpp, bpp):
                px = row[x:x + 3]
                colours.add(px)
                dark += sum(px) < 384
        if len(colours) < 8 or dark < 50:
            errors.append(f"the screenshot looks blank: {len(colours)} colours, {dark} dark pixels")
        print(f"{len(svgs)} charts, {checked} characters ({cjk} CJK) in {len(elements)} "
              f"elements, screenshot {w}x{h} with {len(colours)} colours, {dark} dark pixels")
    finally:
        b.close()
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
