"""Identity at rest: Telegram ids are never stored in clear.

A keyed hash (HMAC-SHA256) is stored for look-ups and a Fernet token for sending. A copy of the
database without the key does not tell who used the service. Both sub-keys are derived from one
master secret (`DATA_KEY`, or a key file generated on first run).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
import stat
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_FILE_NAME = "data.key"

logger = logging.getLogger(__name__)


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"mi-help", info=purpose).derive(master)


class IdentityVault:
    def __init__(self, master_key: bytes) -> None:
        if len(master_key) < 32:
            raise ValueError("the master key must be at least 32 bytes")
        self._hmac_key = _derive(master_key, b"lookup-hash")
        self._fernet = Fernet(base64.urlsafe_b64encode(_derive(master_key, b"encryption")))

    def hash_id(self, telegram_id: int) -> str:
        """Stable pseudonym for look-ups; the same id always gives the same value."""
        return hmac.new(self._hmac_key, str(telegram_id).encode(), hashlib.sha256).hexdigest()

    def hash_text(self, value: str) -> str:
        return hmac.new(self._hmac_key, value.encode(), hashlib.sha256).hexdigest()

    def encrypt_id(self, telegram_id: int) -> str:
        return self._fernet.encrypt(str(telegram_id).encode()).decode()

    def decrypt_id(self, token: str) -> int:
        return int(self._fernet.decrypt(token.encode()))

    def encrypt(self, data: bytes) -> bytes:
        return self._fernet.encrypt(data)

    def decrypt(self, token: bytes) -> bytes:
        try:
            return self._fernet.decrypt(token)
        except InvalidToken as error:
            raise ValueError("the data was encrypted with another DATA_KEY") from error


def load_or_create_master_key(data_key: str | None, data_dir: Path) -> bytes:
    """Return the master secret: DATA_KEY if set, else the key file, created with 0600 on first run."""
    if data_key:
        return data_key.encode()
    path = data_dir / KEY_FILE_NAME
    if path.exists():
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            logger.warning("the key file %s is readable by others: chmod 600 it (and keep a copy offline)", path)
        return path.read_bytes().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48).encode()
    # O_EXCL: two processes starting at once must not overwrite each other's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as handle:
        handle.write(key + b"\n")
    return key


def generate_data_key() -> str:
    return secrets.token_urlsafe(48)
