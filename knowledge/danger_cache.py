"""The trained danger model, kept on disk so that a restart with the same data and code does not train again.

Training takes seconds of CPU at every start-up (and in every test or replica that loads the
knowledge). Its result depends only on the labelled messages, the lexicon, crisis.yaml, the code of
this package and numpy, so a file named by a hash of all of them is exactly the model that training
would give. The file holds plain arrays (no pickle): a stale or damaged file is ignored and replaced.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.danger_data import CATEGORIES, Example
from knowledge.danger_features import PIECE_BUCKETS
from knowledge.danger_model import DangerModel, featurizer_for, train_model
from knowledge.danger_network import HIDDEN_UNITS, Network
from knowledge.phrases import PhraseIndex

log = logging.getLogger(__name__)

CACHE_DIR_ENV = "KNOWLEDGE_CACHE_DIR"  # a folder; empty: never read or write a cached model
FORMAT = b"danger-model 3"
KEEP = 8  # models kept on disk
STALE_TEMPORARY = 3600.0  # seconds: a half-written file older than this was left by a killed process


def _code_digest() -> bytes:
    """This package's code as the process loaded it (read at import, not at each load: a process that
    keeps running after the files changed must not store its old model under the new code's name)."""
    digest = hashlib.sha256(FORMAT + np.__version__.encode())
    digest.update(f"{sys.version_info[:2]} {unicodedata.unidata_version}".encode())  # folding uses both
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


CODE_DIGEST = _code_digest()


def cache_dir() -> Path | None:
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured is not None:
        return Path(configured) if configured.strip() else None
    try:
        home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:  # no home folder (a system user): train at every start
        return None
    return home / "mi-help"


def fingerprint(inputs: Iterable[Path]) -> str:
    """A hash of what training reads: the input files, this package's code, numpy and Python."""
    digest = hashlib.sha256(CODE_DIGEST)
    for path in inputs:
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"-")
    return digest.hexdigest()[:40]


def trained_model(
    examples: Sequence[Example],
    lexicon: PhraseIndex,
    term_categories: Callable[[Sequence[str]], set[str]],
    key: str,
) -> DangerModel:
    """The model `train_model` would return; `key` is the `fingerprint` of its inputs. From the cache when it has it."""
    folder = cache_dir()
    path = folder / f"danger-{key}.npz" if folder else None
    if path is not None:
        model = _read(path, examples, lexicon)
        if model is not None:
            return model
    model = train_model(examples, lexicon, term_categories)
    if path is not None:
        _write(path, model)
    return model


def cached_decisions(
    key: str, texts: Sequence[str], decide: Callable[[str], tuple[frozenset[str], frozenset[str]]]
) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """`decide(text)` (the detector's categories, and the terms' alone) for each text, from the cache when it has them.

    Every load measures the test split (kb check fails below the floor); the decisions depend on the
    same inputs as the model, so they are kept beside it under the same `key`.
    """
    folder = cache_dir()
    path = folder / f"danger-{key}.decisions.json" if folder else None
    if path is not None:
        stored = _read_decisions(path, texts)
        if stored is not None:
            return stored
    decisions = {text: decide(text) for text in texts}
    if path is not None:
        body = json.dumps({text: [sorted(found), sorted(terms)] for text, (found, terms) in decisions.items()})
        _write_atomically(path, body.encode("utf-8"))
    return decisions


def _read_decisions(path: Path, texts: Sequence[str]) -> dict[str, tuple[frozenset[str], frozenset[str]]] | None:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(stored, dict) or set(stored) != set(texts):
            return None
        return {text: (frozenset(_names(found)), frozenset(_names(terms))) for text, (found, terms) in stored.items()}
    except FileNotFoundError:
        return None
    except Exception as error:  # a cache: whatever is wrong with the file, decide again
        log.warning("ignored damaged cached danger decisions (%s)", type(error).__name__)
        return None


def _names(value: object) -> list[str]:
    if not isinstance(value, list) or not all(name in CATEGORIES for name in value):
        raise ValueError("not a list of categories")
    return value


NETWORK_ARRAYS = ("hidden_weights", "hidden_bias", "output_weights", "output_bias", "pieces")  # Network's fields


def _read(path: Path, examples: Sequence[Example], lexicon: PhraseIndex) -> DangerModel | None:
    train = [e for e in examples if e.split == "train"]  # train_model's rows, in its order
    try:
        with np.load(path, allow_pickle=False) as stored:
            names = stored["vocabulary"].tolist()
            network = Network(*(stored[name] for name in NETWORK_ARRAYS))
            model = DangerModel(
                vocabulary={name: column for column, name in enumerate(names)},
                weights=stored["weights"],
                bias=stored["bias"],
                thresholds=stored["thresholds"],
                featurizer=featurizer_for(lexicon, train),
                out_of_fold=stored["out_of_fold"],
                train_seconds=float(stored["train_seconds"]),
                train=train,
                groups=stored["groups"].tolist(),
                network=network,
            )
    except FileNotFoundError:
        return None
    except Exception as error:  # a cache: whatever is wrong with the file (a bit flipped, a cut), train again
        log.warning("ignored a damaged cached danger model (%s)", type(error).__name__)
        return None
    weights = (network.hidden_weights, network.hidden_bias, network.output_weights, network.output_bias)
    arrays = (model.weights, model.bias, model.thresholds, model.out_of_fold, *weights)  # pieces: checked below
    pieces = network.pieces
    fits = (
        model.weights.shape == (len(CATEGORIES), len(model.vocabulary) + PIECE_BUCKETS)
        and pieces.ndim == 1
        and pieces.dtype.kind == "i"
        and bool(np.all((pieces >= 0) & (pieces < PIECE_BUCKETS)) and np.all(np.diff(pieces) > 0))
        and network.hidden_weights.shape == (len(model.vocabulary) + len(pieces), HIDDEN_UNITS)
        and network.hidden_bias.shape == (HIDDEN_UNITS,)
        and network.output_weights.shape == (HIDDEN_UNITS, len(CATEGORIES))
        and network.output_bias.shape == (len(CATEGORIES),)
        and model.bias.shape == model.thresholds.shape == (len(CATEGORIES),)
        and model.out_of_fold.shape == (len(train), len(CATEGORIES))
        and len(model.groups) == len(train)
        and all(array.dtype.kind == "f" and np.isfinite(array).all() for array in arrays)
    )
    return model if fits else None


def _network_arrays(network: Network) -> list[np.ndarray]:
    return [getattr(network, name) for name in NETWORK_ARRAYS]


def _write(path: Path, model: DangerModel) -> None:
    """Write atomically: replicas starting together each write a whole file, and one of them stays."""
    buffer = io.BytesIO()
    network = model.network
    network_arrays: dict[str, Any] = (
        {} if network is None else dict(zip(NETWORK_ARRAYS, _network_arrays(network), strict=True))
    )
    np.savez(
        buffer,
        vocabulary=np.asarray(list(model.vocabulary), dtype=str),
        weights=model.weights,
        bias=model.bias,
        thresholds=model.thresholds,
        out_of_fold=model.out_of_fold,
        train_seconds=np.float64(model.train_seconds),
        groups=np.asarray(model.groups, dtype=np.int64),
        **network_arrays,
    )
    _write_atomically(path, buffer.getvalue())


def _write_atomically(path: Path, data: bytes) -> None:
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".danger-", suffix=path.suffix)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)  # another user of the same cache reads it too (it holds no personal data)
        os.replace(temporary, path)
        temporary = None
        _prune(path.parent)
    except OSError as error:  # a read-only home or a full disk: the bot still runs, it trains next time
        log.warning("could not keep the danger model's files on disk (%s)", type(error).__name__)
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _prune(folder: Path) -> None:
    """Keep the newest few models and decisions (one per version of the data in use), so the folder does not grow;
    and remove what a process killed while writing left behind."""
    for pattern in ("danger-*.npz", "danger-*.decisions.json"):
        try:  # another process may prune at the same moment
            stored = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        except OSError:
            return
        for old in stored[KEEP:]:
            with contextlib.suppress(OSError):
                old.unlink()
    for left in folder.glob(".danger-*"):
        with contextlib.suppress(OSError):
            if time.time() - left.stat().st_mtime > STALE_TEMPORARY:
                left.unlink()
