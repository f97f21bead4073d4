"""Generated test images: gradients, shapes, noise and text. Never photographs of people."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw


def shapes_image(seed: int, size: tuple[int, int] = (320, 240)) -> Image.Image:
    """A structured picture: a gradient background with random filled shapes and a caption."""
    rng = np.random.default_rng(seed)
    width, height = size
    x = np.linspace(0, 1, width)[None, :, None]
    y = np.linspace(0, 1, height)[:, None, None]
    tint = rng.uniform(0, 255, size=(1, 1, 3))
    background = (tint * x + (255 - tint) * y).clip(0, 255).astype(np.uint8)
    image = Image.fromarray(background, "RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x0, x1 = sorted(int(v) for v in rng.integers(0, width, 2))
        y0, y1 = sorted(int(v) for v in rng.integers(0, height, 2))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        if rng.random() < 0.5:
            draw.rectangle((x0, y0, x1 + 4, y1 + 4), fill=colour)
        else:
            draw.ellipse((x0, y0, x1 + 4, y1 + 4), fill=colour)
    draw.text((8, 8), f"test image {seed}", fill=(0, 0, 0))
    return image


def noise_image(seed: int, size: tuple[int, int] = (64, 64)) -> Image.Image:
    """Uniform RGB noise."""
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, size=(size[1], size[0], 3), dtype=np.uint8)
    return Image.fromarray(pixels, "RGB")


def flat_image(size: tuple[int, int] = (200, 200), grey: int = 128) -> Image.Image:
    """One flat colour: no structure, so PDQ quality is 0."""
    return Image.new("RGB", size, (grey, grey, grey))


def save(image: Image.Image, path: Path, **options: object) -> Path:
    """Save ``image`` to ``path`` (format from the suffix) and return the path."""
    image.save(path, **options)
    return path
