"""Images for the export tests: the smallest valid PNG that tells one image from another."""

from __future__ import annotations

import struct
import zlib


def white_png(width: int) -> bytes:
    """A valid PNG of ``width`` × 1 white pixels: each chart's image told apart by its size."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, 1, 8, 0, 0, 0, 0)  # 8-bit greyscale
    pixels = zlib.compress(b"\x00" + b"\xff" * width)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
