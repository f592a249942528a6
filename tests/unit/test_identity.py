import os
import stat

import pytest

from db.identity import IdentityVault, load_or_create_master_key


def test_hash_is_stable_and_keyed():
    a = IdentityVault(b"a" * 32)
    b = IdentityVault(b"b" * 32)
    assert a.hash_id(42) == a.hash_id(42)
    assert a.hash_id(42) != a.hash_id(43)
    assert a.hash_id(42) != b.hash_id(42)


def test_encryption_round_trip_and_randomised():
    vault = IdentityVault(b"k" * 40)
    first, second = vault.encrypt_id(123456789), vault.encrypt_id(123456789)
    assert first != second  # no equality leak between rows
    assert vault.decrypt_id(first) == vault.decrypt_id(second) == 123456789
    assert "123456789" not in first


def test_wrong_key_cannot_decrypt():
    token = IdentityVault(b"a" * 32).encrypt(b"secret")
    with pytest.raises(ValueError):
        IdentityVault(b"b" * 32).decrypt(token)


def test_key_file_created_with_0600(tmp_path):
    key = load_or_create_master_key(None, tmp_path / "data")
    path = tmp_path / "data" / "data.key"
    assert path.exists()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(key) >= 32
    assert load_or_create_master_key(None, tmp_path / "data") == key  # reused, not regenerated


def test_data_key_wins_over_file(tmp_path):
    assert load_or_create_master_key("x" * 40, tmp_path) == b"x" * 40
    assert not (tmp_path / "data.key").exists()
