"""PDQ, Meta's 256-bit perceptual image hash, in numpy.

Follows the published algorithm and the reference C++ hasher (facebook/ThreatExchange,
``pdq/cpp``) step by step, so hashes agree bit for bit with the reference on its test images:

1. an image larger than 512 pixels on either side is resized to 512 x 512 by nearest-neighbour
   sampling, as the reference's image reader does (source pixel ``floor(x * width / 512)``);
2. luminance ``0.299 R + 0.587 G + 0.114 B``;
3. a Jarosz tent filter: two passes of 1-D box filters along rows then columns, window
   ``ceil(side / 128)``, with the reference's asymmetric window at even sizes;
4. decimation to 64 x 64 by sampling at ``floor((i + 0.5) * side / 64)``;
5. quality: the sum of quantised neighbour gradients of the 64 x 64 image / 90, capped at 100;
6. the 16 x 16 lowest non-constant DCT coefficients, ``D A D^T``;
7. bit ``16 i + j`` is set when coefficient ``(i, j)`` exceeds the median (the 128th smallest),
   and the hash is written as sixteen 16-bit words, most significant word first.

Everything happens on arrays in memory: this module never reads or writes a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from PIL import Image

PDQ_HEX_LENGTH = 64
PDQ_BYTES = 32
MAX_PDQ_DISTANCE = 256
REFERENCE_DOWNSAMPLE = 512

_LUMA = (0.299, 0.587, 0.114)
_HEX_DIGITS = frozenset("0123456789abcdef")

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class PdqResult:
    """A PDQ hash (64 lower-case hex digits) and its quality score (0 to 100)."""

    hash: str
    quality: int


def pdq_from_image(image: Image.Image) -> PdqResult:
    """The PDQ hash and quality of a decoded image (any PIL mode; alpha is ignored)."""
    width, height = image.size
    if width > REFERENCE_DOWNSAMPLE or height > REFERENCE_DOWNSAMPLE:
        rgb = _rgb_array(image)
        rows = np.arange(REFERENCE_DOWNSAMPLE) * height // REFERENCE_DOWNSAMPLE
        cols = np.arange(REFERENCE_DOWNSAMPLE) * width // REFERENCE_DOWNSAMPLE
        rgb = rgb[np.ix_(rows, cols)]
    else:
        rgb = _rgb_array(image)
    return pdq_from_luma(luma_from_rgb(rgb))


def luma_from_rgb(rgb: npt.NDArray[np.uint8]) -> FloatArray:
    """Per-pixel luminance of an ``(height, width, 3)`` RGB array."""
    luma: FloatArray = rgb @ np.array(_LUMA)
    return luma


def pdq_from_luma(luma: FloatArray) -> PdqResult:
    """PDQ of a luminance matrix (steps 3 to 7 of the module docstring)."""
    if luma.ndim != 2 or min(luma.shape) < 1:
        raise ValueError("luminance must be a non-empty 2-D array")
    num_rows, num_cols = luma.shape
    rows = _tent_sampler(num_rows) @ luma.astype(np.float32)
    small = (rows @ _tent_sampler(num_cols).T).astype(np.float64)
    quality = _quality(small)
    dct = _dct_matrix()
    coefficients = dct @ small @ dct.T
    return PdqResult(hash=_bits_to_hex(coefficients), quality=quality)


def hamming_distance(a: str, b: str) -> int:
    """Number of differing bits between two PDQ hashes in hex."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


def normalise_pdq(text: str) -> str:
    """A PDQ hash as 64 lower-case hex digits; ValueError says what is wrong."""
    value = text.strip().lower()
    if len(value) != PDQ_HEX_LENGTH or not set(value) <= _HEX_DIGITS:
        raise ValueError(f"not a PDQ hash (expected 64 hex digits): {text[:80]!r}")
    return value


def pdq_to_bytes(hashes: list[str] | tuple[str, ...]) -> npt.NDArray[np.uint8]:
    """PDQ hex strings as an ``(n, 32)`` uint8 array (the layout the matching index uses)."""
    if not hashes:
        return np.zeros((0, PDQ_BYTES), dtype=np.uint8)
    joined = bytes.fromhex("".join(hashes))
    return np.frombuffer(joined, dtype=np.uint8).reshape(len(hashes), PDQ_BYTES).copy()


def _rgb_array(image: Image.Image) -> npt.NDArray[np.uint8]:
    if image.mode != "RGB":
        image = image.convert("RGB")
    return np.asarray(image, dtype=np.uint8)


def _jarosz_window(side: int) -> int:
    return (side + 127) // 128


@lru_cache(maxsize=64)
def _tent_sampler(side: int) -> npt.NDArray[np.float32]:
    """Steps 3 and 4 along one axis as one ``(64, side)`` matrix.

    The reference runs a 1-D box filter twice along the axis (output k averages inputs
    ``[k - (window - half), k + half - 1]`` clipped to the array, ``half = (window + 2) // 2``)
    and then keeps 64 samples. All three steps are linear, so they compose into the sampled
    rows of ``box @ box``; the image then costs two small matrix products.
    """
    window = _jarosz_window(side)
    half = (window + 2) // 2
    k = np.arange(side)
    low = np.clip(k - (window - half), 0, side)
    high = np.clip(k + half, 0, side)
    columns = np.arange(side)
    box = ((columns >= low[:, None]) & (columns < high[:, None])).astype(np.float64)
    box /= box.sum(axis=1, keepdims=True)
    samples = ((np.arange(64) + 0.5) * side / 64).astype(np.intp)
    sampler = (box[samples] @ box).astype(np.float32)  # float, as the reference computes
    sampler.setflags(write=False)
    return sampler


def _quality(small: FloatArray) -> int:
    down = np.trunc((small[:-1, :] - small[1:, :]) * 100 / 255)
    across = np.trunc((small[:, :-1] - small[:, 1:]) * 100 / 255)
    gradient_sum = int(np.abs(down).sum() + np.abs(across).sum())
    return min(100, gradient_sum // 90)


@lru_cache(maxsize=1)
def _dct_matrix() -> FloatArray:
    i = np.arange(1, 17)[:, None]
    j = np.arange(64)[None, :]
    matrix: FloatArray = np.sqrt(2.0 / 64.0) * np.cos((np.pi / 2 / 64.0) * i * (2 * j + 1))
    matrix.setflags(write=False)
    return matrix


def _bits_to_hex(coefficients: FloatArray) -> str:
    flat = coefficients.ravel()
    median = np.partition(flat, 127)[127]
    bits = (coefficients > median).astype(np.uint32)
    words = bits @ (np.uint32(1) << np.arange(16, dtype=np.uint32))
    return "".join(f"{int(word):04x}" for word in words[::-1])
