"""Hash an image file (PDQ with quality, MD5, SHA-256) without keeping or copying it.

The file is opened once and read as a stream: its chunks feed MD5 and SHA-256, then the same
handle is rewound and decoded in memory for PDQ. Nothing is written, copied or cached; the
decoded pixels go out of scope when :func:`hash_image_file` returns. Only the hashes remain.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import numpy.typing as npt
from PIL import Image, UnidentifiedImageError

from safeguard.core.errors import InputError
from safeguard.images.pdq import PdqResult, pdq_from_image

RgbArray = npt.NDArray[np.uint8]
_CHUNK = 1 << 16
# PIL refuses images above twice this many pixels (decompression bombs); we refuse above it.
MAX_PIXELS = 89_478_485


class ImageReadError(InputError):
    """An image file cannot be read or decoded. The message names the file, never its bytes."""


@dataclass(frozen=True, slots=True)
class ImageHashes:
    """Everything Safeguard keeps about an image: where it was and its hashes."""

    path: str
    pdq: str
    quality: int
    md5: str
    sha256: str

    def as_dict(self) -> dict[str, str | int]:
        """The ``safeguard hash --json`` record."""
        return {
            "path": self.path,
            "pdq": self.pdq,
            "quality": self.quality,
            "md5": self.md5,
            "sha256": self.sha256,
        }


def hash_image_file(path: Path | str) -> ImageHashes:
    """PDQ (with quality), MD5 and SHA-256 of one image file; ImageReadError if unusable."""
    return _hash(path, keep_pixels=False)[0]


def hash_image_file_with_pixels(path: Path | str) -> tuple[ImageHashes, RgbArray]:
    """The hashes and the decoded RGB pixels, for a caller that scores them in memory next.

    The caller must let the array go out of scope as soon as it is done with it.
    """
    hashes, pixels = _hash(path, keep_pixels=True)
    assert pixels is not None
    return hashes, pixels


def _hash(path: Path | str, *, keep_pixels: bool) -> tuple[ImageHashes, RgbArray | None]:
    shown = str(path)
    try:
        with open(path, "rb") as stream:
            md5, sha256 = _digests(stream)
            stream.seek(0)
            result, pixels = _decode(stream, shown, keep_pixels=keep_pixels)
    except OSError as exc:
        raise ImageReadError(f"{shown}: cannot read the file ({exc.strerror or exc})") from None
    hashes = ImageHashes(
        path=shown, pdq=result.hash, quality=result.quality, md5=md5, sha256=sha256
    )
    return hashes, pixels


def _digests(stream: BinaryIO) -> tuple[str, str]:
    md5 = hashlib.md5(usedforsecurity=False)
    sha256 = hashlib.sha256()
    while chunk := stream.read(_CHUNK):
        md5.update(chunk)
        sha256.update(chunk)
    return md5.hexdigest(), sha256.hexdigest()


def _decode(
    stream: BinaryIO, shown: str, *, keep_pixels: bool
) -> tuple[PdqResult, RgbArray | None]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(stream) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ImageReadError(f"{shown}: image too large ({width}x{height} pixels)")
                image.load()
                rgb = image if image.mode == "RGB" else image.convert("RGB")
                pixels = np.asarray(rgb, dtype=np.uint8) if keep_pixels else None
                return pdq_from_image(rgb), pixels
    except ImageReadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageReadError(f"{shown}: image too large to decode safely") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        kind = type(exc).__name__
        raise ImageReadError(f"{shown}: not a decodable image ({kind})") from None
