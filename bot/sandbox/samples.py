"""The sandbox's made-up world: the bot's name, places in Kazan to "be" at, a small real photo."""

from __future__ import annotations

import struct
import zlib
from typing import Any

BOT_USERNAME = "mihelp_sandbox_bot"

# Places in Kazan a tester can "be" at when the bot asks for a location.
LOCATION_PRESETS: tuple[dict[str, Any], ...] = (
    {"name": "Kazan Kremlin", "latitude": 55.7987, "longitude": 49.1054},
    {"name": "Railway station (Kazan-1)", "latitude": 55.7887, "longitude": 49.0997},
    {"name": "Gorky Park", "latitude": 55.7935, "longitude": 49.1466},
    {"name": "Bauman Street", "latitude": 55.7887, "longitude": 49.1221},
)


def sample_photo(width: int = 192, height: int = 128) -> bytes:
    """A small real picture (a PNG: dusk over the Volga, more or less) for "send a sample photo"."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # no filter
        for x in range(width):
            if y > height * 0.7:  # the river
                rows += bytes((30 + x // 8, 70 + y // 6, 120 + y // 4))
            else:  # the sky
                rows += bytes((250 - y, 150 + x // 4, 90 + y))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows))) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body
