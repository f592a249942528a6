"""Read and write `places.geojson` as staff tools change it (geocoder, worksheet import).

The file keeps its layout (2-space JSON, UTF-8, one trailing newline) so that a change shows up in
a diff as the lines that changed, and it is replaced atomically: a crash never leaves half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

PLACES_FILE = "places.geojson"


def places_path(root: Path) -> Path:
    return root / PLACES_FILE


def read_features(root: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The whole document and its features by place id (the same objects: edit them in place)."""
    document = json.loads(places_path(root).read_text(encoding="utf-8"))
    features = {str(f["properties"]["id"]): f for f in document["features"]}
    return document, features


def write_document(root: Path, document: dict[str, Any]) -> None:
    path = places_path(root)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    handle, temporary = tempfile.mkstemp(prefix=".places-", suffix=".geojson", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
