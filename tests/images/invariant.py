"""Reusable proof that no image leaves the image code: marked images and leak checks.

Any code path that touches images (hash CLI, bank match, image detector, and later the scan
report, dashboard and API) can be checked the same way::

    path, marker = make_marked_image(tmp_path)
    with TempDirWatch() as temp:
        ... run the path on ``path``, collecting outputs ...
    assert_no_image_leak([output_dir, *temp.changed()], marker, path.read_bytes(),
                         texts=[stdout, stderr, caplog.text])

The marker is random per test, embedded both in the pixel data (one row of pixels spells it
out in its RGB bytes, so a raw pixel dump contains it) and in a PNG text chunk (so a copy of
the file contains it). The image bytes themselves are looked for as raw bytes, base64 and hex
(the encodings a data URI, JSON or log line would use).
"""

from __future__ import annotations

import base64
import os
import secrets
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
from PIL import Image, PngImagePlugin

from .generated import noise_image, shapes_image

_WINDOW = 32  # bytes of image data that must not appear anywhere
_MAX_FILE = 256 * 1024 * 1024


def make_marked_image(tmp_path: Path, *, size: tuple[int, int] = (320, 240)) -> tuple[Path, str]:
    """A generated PNG carrying a fresh random marker in its pixels and a text chunk."""
    marker = f"SGMARK{secrets.token_hex(12)}"
    image = shapes_image(int.from_bytes(secrets.token_bytes(4), "big"), size)
    pixels = np.asarray(image).copy()
    spelled = np.frombuffer(marker.encode("ascii"), dtype=np.uint8)
    row = np.resize(spelled, pixels.shape[1] * 3).reshape(pixels.shape[1], 3)
    pixels[pixels.shape[0] // 2] = row
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", marker)
    path = tmp_path / f"marked-{secrets.token_hex(4)}.png"
    Image.fromarray(pixels, "RGB").save(path, pnginfo=info)
    return path, marker


def make_marked_jpeg(tmp_path: Path, *, size: tuple[int, int] = (256, 192)) -> tuple[Path, str]:
    """A generated noise JPEG carrying a fresh random marker in its comment and after its end.

    JPEG is lossy, so the marker cannot survive in the pixels; it rides in the file instead:
    a COM segment and bytes appended after the end-of-image mark (which decoders ignore).
    """
    marker = f"SGMARK{secrets.token_hex(12)}"
    image = noise_image(int.from_bytes(secrets.token_bytes(4), "big"), size)
    path = tmp_path / f"marked-{secrets.token_hex(4)}.jpg"
    image.save(path, quality=90, comment=marker.encode("ascii"))
    with path.open("ab") as stream:
        stream.write(marker.encode("ascii"))
    return path, marker


def leak_needles(marker: str, image_bytes: bytes) -> list[bytes]:
    """The byte strings whose presence anywhere would mean the image leaked."""
    needles = [marker.encode(), marker.encode("utf-16-le")]
    step = max(_WINDOW, len(image_bytes) // 64)
    for start in range(0, max(1, len(image_bytes) - _WINDOW), step):
        needles.append(image_bytes[start : start + _WINDOW])
    encoded = base64.b64encode(image_bytes)
    urlsafe = base64.urlsafe_b64encode(image_bytes)
    hexed = image_bytes.hex().encode()
    for text in (encoded, urlsafe, hexed):
        for start in range(0, max(1, len(text) - 2 * _WINDOW), max(2 * _WINDOW, len(text) // 64)):
            needles.append(text[start : start + 2 * _WINDOW])
    return [needle for needle in needles if needle]


def assert_no_image_leak(
    paths_to_check: Iterable[Path | str],
    marker: str,
    image_bytes: bytes,
    *,
    texts: Iterable[str | bytes] = (),
    exclude: Iterable[Path] = (),
) -> None:
    """Fail if the marker or any window of the image bytes is in a file (folders are walked)
    or in one of ``texts`` (captured stdout, stderr, log text). ``exclude`` names the original
    image file(s), which of course contain themselves."""
    needles = leak_needles(marker, image_bytes)
    skipped = {Path(p).resolve() for p in exclude}
    for where, data in _contents(paths_to_check, skipped):
        _check(where, data, needles)
    for n, text in enumerate(texts):
        data = text.encode() if isinstance(text, str) else text
        _check(f"text #{n}", data, needles)


class TempDirWatch:
    """Lists the files under the temporary folder created or changed while it was active."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root or tempfile.gettempdir())

    def __enter__(self) -> TempDirWatch:
        self._started = time.time() - 1
        self._before = dict(_stamps(self.root))
        return self

    def __exit__(self, *exc: object) -> None:
        self._after = dict(_stamps(self.root))

    def changed(self) -> list[Path]:
        """Files new or modified since entry (by anyone: callers check contents, not count)."""
        return [
            path
            for path, stamp in self._after.items()
            if self._before.get(path) != stamp and stamp[0] >= self._started
        ]


def _stamps(root: Path) -> Iterator[tuple[Path, tuple[float, int]]]:
    for folder, _dirs, files in os.walk(root, onerror=lambda _e: None):
        for name in files:
            path = Path(folder, name)
            try:
                stat = path.stat()
            except OSError:
                continue
            yield path, (stat.st_mtime, stat.st_size)


def _contents(paths: Iterable[Path | str], skipped: set[Path]) -> Iterator[tuple[str, bytes]]:
    for item in paths:
        path = Path(item)
        files = [path] if path.is_file() else [Path(d, f) for d, _, fs in os.walk(path) for f in fs]
        for file in files:
            try:
                if file.resolve() in skipped or file.stat().st_size > _MAX_FILE:
                    continue
                yield str(file), file.read_bytes()
            except OSError:  # vanished or unreadable (another process's file): nothing to leak
                continue


def _check(where: str, data: bytes, needles: list[bytes]) -> None:
    for needle in needles:
        if needle in data:
            raise AssertionError(f"image leak: {where} contains {needle[:24]!r}...")
