"""Stored files and the media objects (PhotoSize, Document, Voice, ...) that messages carry."""

from __future__ import annotations

import base64
import mimetypes
import random
from dataclasses import dataclass, field
from typing import Any

MEDIA_KINDS = ("photo", "document", "voice", "video", "video_note", "audio", "animation", "sticker")

_FOLDERS = {
    "photo": "photos", "document": "documents", "voice": "voice", "video": "videos",
    "video_note": "video_notes", "audio": "music", "animation": "animations", "sticker": "stickers",
}  # fmt: skip
_DEFAULT_MIME = {
    "photo": "image/jpeg", "document": "application/octet-stream", "voice": "audio/ogg",
    "video": "video/mp4", "video_note": "video/mp4", "audio": "audio/mpeg", "animation": "video/mp4",
    "sticker": "image/webp",
}  # fmt: skip
_DEFAULT_EXT = {
    "photo": "jpg", "voice": "oga", "video": "mp4", "video_note": "mp4", "audio": "mp3", "animation": "mp4",
    "sticker": "webp", "document": "bin",
}  # fmt: skip
# Short prefixes make file ids easy to recognise in logs (real ids are opaque too).
_ID_PREFIX = {
    "photo": "AgAC", "document": "BQAC", "voice": "AwAC", "video": "BAAC", "video_note": "DQAC",
    "audio": "CQAC", "animation": "CgAC", "sticker": "CAAC",
}  # fmt: skip

MAX_DOWNLOAD_SIZE = 20 * 1024 * 1024  # getFile refuses bigger files


def sample_bytes(kind: str, seed: int = 0) -> bytes:
    """Small deterministic stand-ins for media that test users send."""
    header = {
        "photo": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        "voice": b"OggS\x00\x02",
        "video": b"\x00\x00\x00\x18ftypmp42",
        "video_note": b"\x00\x00\x00\x18ftypmp42",
        "animation": b"\x00\x00\x00\x18ftypmp42",
        "audio": b"ID3\x03\x00",
        "sticker": b"RIFF\x00\x00\x00\x00WEBP",
        "document": b"%PDF-1.4\n",
    }.get(kind, b"")
    return header + f"emulated {kind} #{seed}\n".encode()


@dataclass(eq=False)
class FileRecord:
    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0
    duration: int = 0
    # every size of one photo, smallest first (a photo message carries all of them)
    photo_set: list[FileRecord] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.data)

    def api_file(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
            "file_path": self.file_path,
        }

    def media_object(self) -> dict[str, Any]:
        """The Bot API object for this file (one PhotoSize for photos)."""
        base: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
        }
        kind = self.kind
        if kind in ("photo", "video", "animation", "sticker"):
            base.update(width=self.width, height=self.height)
        if kind in ("voice", "video", "video_note", "audio", "animation"):
            base["duration"] = self.duration
        if kind == "video_note":
            base["length"] = self.width
        if kind == "sticker":
            base.update(type="regular", is_animated=False, is_video=False, emoji="🙂")
        if kind in ("document", "video", "audio", "animation") and self.file_name:
            base["file_name"] = self.file_name
        if kind not in ("photo", "sticker", "video_note") and self.mime_type:
            base["mime_type"] = self.mime_type
        return base

    def message_content(self, kind: str | None = None) -> dict[str, Any]:
        """The media part of a Message carrying this file (sent as ``kind``, by default its own)."""
        kind = kind or self.kind
        if kind == "photo":
            return {"photo": [size.media_object() for size in (self.photo_set or [self])]}
        content = {kind: self.media_object()}
        if kind == "animation":
            content["document"] = self.media_object()  # Telegram sends both for animations
        return content


class FileStore:
    """Every file the emulator knows: uploads by the bot and media sent by test users."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._by_id: dict[str, FileRecord] = {}
        self._by_path: dict[str, FileRecord] = {}
        self._counter = 0

    def _new_ids(self, kind: str) -> tuple[str, str]:
        self._counter += 1
        token = base64.urlsafe_b64encode(self._rng.randbytes(24)).decode().rstrip("=")
        unique = base64.urlsafe_b64encode(self._rng.randbytes(9)).decode().rstrip("=")
        return f"{_ID_PREFIX.get(kind, 'BQAC')}{token}{self._counter}", f"AQAD{unique}{self._counter}"

    def _record(self, kind: str, data: bytes, file_name: str | None, mime_type: str | None, **meta: int) -> FileRecord:
        file_id, unique_id = self._new_ids(kind)
        extension = None
        if file_name and "." in file_name:
            extension = file_name.rsplit(".", 1)[1]
        extension = extension or _DEFAULT_EXT.get(kind, "bin")
        path = f"{_FOLDERS.get(kind, 'documents')}/file_{self._counter}.{extension}"
        if mime_type is None:
            mime_type = (mimetypes.guess_type(file_name)[0] if file_name else None) or _DEFAULT_MIME.get(kind)
        record = FileRecord(
            file_id=file_id,
            file_unique_id=unique_id,
            kind=kind,
            data=data,
            file_path=path,
            file_name=file_name,
            mime_type=mime_type,
            **meta,
        )
        self._by_id[file_id] = record
        self._by_path[path] = record
        return record

    def add(
        self,
        kind: str,
        data: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        width: int | None = None,
        height: int | None = None,
        duration: int | None = None,
    ) -> FileRecord:
        """Store a new file; a photo gets a thumbnail size too, like Telegram makes."""
        if kind == "photo":
            width, height = width or 1280, height or 960
            thumb = self._record("photo", data, None, "image/jpeg", width=90, height=max(1, 90 * height // width))
            full = self._record("photo", data, None, "image/jpeg", width=width, height=height)
            thumb.photo_set = full.photo_set = [thumb, full]
            return full
        if kind == "document" and file_name is None:
            file_name = "document.bin"
        meta = {
            "width": width or {"video": 1280, "animation": 480, "sticker": 512, "video_note": 240}.get(kind, 0),
            "height": height or {"video": 720, "animation": 270, "sticker": 512, "video_note": 240}.get(kind, 0),
            "duration": duration if duration is not None else (3 if kind in ("voice", "video", "audio") else 0),
        }
        if kind in ("video_note", "animation") and duration is None:
            meta["duration"] = 2
        return self._record(kind, data, file_name, mime_type, **meta)

    def get(self, file_id: str) -> FileRecord | None:
        return self._by_id.get(file_id)

    def by_path(self, path: str) -> FileRecord | None:
        return self._by_path.get(path)

    def __len__(self) -> int:
        return len(self._by_id)


def compatible(record_kind: str, wanted: str) -> bool:
    """May a file of ``record_kind`` be re-sent with the send method for ``wanted``?"""
    if record_kind == wanted:
        return True
    # animations are documents underneath; anything but a photo or sticker can go as a document
    return (wanted == "document" and record_kind not in ("photo", "sticker")) or (
        wanted == "animation" and record_kind == "document"
    )
