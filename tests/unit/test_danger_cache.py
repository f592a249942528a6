"""The trained danger model kept on disk: the same model as training gives, and never a stale one."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from knowledge import danger_cache
from knowledge.danger import Example, load_examples, load_lexicon
from knowledge.danger_cache import fingerprint
from knowledge.folding import fold_tokens
from knowledge.phrases import PhraseIndex
from knowledge.problems import ProblemLog

DANGER = Path(__file__).resolve().parents[2] / "knowledge" / "danger"


def no_terms(tokens: object) -> set[str]:
    return set()


@pytest.fixture(scope="module")
def small_set() -> tuple[list[Example], PhraseIndex]:
    """A few hundred labelled messages: training on them takes a fraction of a second."""
    log = ProblemLog(DANGER.parent)
    examples = load_examples(DANGER, log)
    lexicon = load_lexicon(DANGER / "lexicon.yaml", log)
    assert lexicon is not None and not log.errors
    return examples[::40], lexicon


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    data = tmp_path / "data.tsv"
    data.write_text("the labelled messages\n", encoding="utf-8")
    return [data]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(danger_cache.CACHE_DIR_ENV, str(folder))
    return folder


def count_training(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    train = danger_cache.train_model

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return train(*args, **kwargs)

    monkeypatch.setattr(danger_cache, "train_model", counted)
    return calls


def test_a_second_load_reads_the_model_that_training_gave(small_set, inputs, cache, monkeypatch):
    examples, lexicon = small_set
    trainings = count_training(monkeypatch)
    trained = danger_cache.trained_model(examples, lexicon, no_terms, fingerprint(inputs))
    stored = danger_cache.trained_model(examples, lexicon, no_terms, fingerprint(inputs))
    assert len(trainings) == 1 and len(list(cache.glob("danger-*.npz"))) == 1
    assert stored.vocabulary == trained.vocabulary
    for name in ("weights", "bias", "thresholds", "out_of_fold"):
        np.testing.assert_array_equal(getattr(stored, name), getattr(trained, name))
    assert stored.groups == trained.groups and stored.train == trained.train
    for example in examples[:40]:  # the same decisions, message by message
        tokens = fold_tokens(example.text)
        assert stored.categories(stored.scores(tokens)) == trained.categories(trained.scores(tokens))


def test_changed_data_trains_again(small_set, inputs, cache, monkeypatch):
    examples, lexicon = small_set
    trainings = count_training(monkeypatch)
    danger_cache.trained_model(examples, lexicon, no_terms, fingerprint(inputs))
    inputs[0].write_text("the labelled messages, one more\n", encoding="utf-8")
    danger_cache.trained_model(examples, lexicon, no_terms, fingerprint(inputs))
    assert len(trainings) == 2 and len(list(cache.glob("danger-*.npz"))) == 2


def test_a_damaged_file_is_replaced_by_training(small_set, inputs, cache, monkeypatch):
    examples, lexicon = small_set
    danger_cache.trained_model(examples, lexicon, no_terms, fingerprint(inputs))
    [stored] = cache.glob("danger-*.npz")
    stored.write_bytes(stored.read_bytes()[:1000])
    trainings = count_training(monkeypatch)
    model = danger_cache.trained_model(examples, lexicon, no_terms, fingerprint(inputs))
    assert len(trainings) == 1 and model.weights.any()
    assert danger_cache._read(stored, examples, lexicon) is not None


def test_a_file_from_other_messages_is_not_used(small_set, inputs, cache, monkeypatch):
    examples, lexicon = small_set
    danger_cache.trained_model(examples, lexicon, no_terms, fingerprint(inputs))
    [stored] = cache.glob("danger-*.npz")
    assert danger_cache._read(stored, examples[:-5], lexicon) is None  # its rows would not line up


def test_an_empty_setting_turns_the_cache_off(small_set, inputs, tmp_path, monkeypatch):
    monkeypatch.setenv(danger_cache.CACHE_DIR_ENV, "")
    monkeypatch.setenv("HOME", str(tmp_path))
    examples, lexicon = small_set
    trainings = count_training(monkeypatch)
    danger_cache.trained_model(examples, lexicon, no_terms, fingerprint(inputs))
    danger_cache.trained_model(examples, lexicon, no_terms, fingerprint(inputs))
    assert len(trainings) == 2 and not list(tmp_path.rglob("*.npz"))


def test_an_unwritable_folder_still_gives_a_model(small_set, inputs, tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(danger_cache.CACHE_DIR_ENV, str(blocker / "cache"))
    examples, lexicon = small_set
    assert danger_cache.trained_model(examples, lexicon, no_terms, fingerprint(inputs)).weights.any()


def test_only_the_newest_models_are_kept(small_set, inputs, cache, monkeypatch):
    examples, lexicon = small_set
    model = danger_cache.trained_model(examples, lexicon, no_terms, fingerprint(inputs))
    monkeypatch.setattr(danger_cache, "train_model", lambda *args: model)  # the files, not training, count here
    for version in range(danger_cache.KEEP + 3):
        inputs[0].write_text(f"version {version}\n", encoding="utf-8")
        danger_cache.trained_model(examples, lexicon, no_terms, fingerprint(inputs))
    assert len(list(cache.glob("danger-*.npz"))) == danger_cache.KEEP


def test_decisions_are_kept_beside_the_model_for_the_same_texts(inputs, cache):
    calls: list[str] = []

    def decide(text: str) -> tuple[frozenset[str], frozenset[str]]:
        calls.append(text)
        return frozenset({"medical"} if "blood" in text else set()), frozenset()

    texts = ["so much blood", "a quiet day"]
    first = danger_cache.cached_decisions(fingerprint(inputs), texts, decide)
    again = danger_cache.cached_decisions(fingerprint(inputs), texts, decide)
    nothing: frozenset[str] = frozenset()
    assert first == again == {"so much blood": (frozenset({"medical"}), nothing), "a quiet day": (nothing, nothing)}
    assert calls == texts  # decided once
    danger_cache.cached_decisions(fingerprint(inputs), [*texts, "one more"], decide)  # other texts: decided again
    assert calls == [*texts, *texts, "one more"]
    inputs[0].write_text("other data\n", encoding="utf-8")
    danger_cache.cached_decisions(fingerprint(inputs), texts, decide)
    assert len(calls) == 7


def test_any_damage_to_the_files_means_training_again_never_a_crash(small_set, inputs, cache):
    examples, lexicon = small_set
    danger_cache.trained_model(examples, lexicon, no_terms, fingerprint(inputs))
    [stored] = cache.glob("danger-*.npz")
    good = stored.read_bytes()
    damaged = [good[:n] for n in (0, 10, 500, len(good) // 2)]
    for seed in range(40):  # single bits flipped here and there
        flipped = bytearray(good)
        flipped[(seed * 7919) % len(good)] ^= 1 << (seed % 8)
        damaged.append(bytes(flipped))
    buffer = io.BytesIO()
    np.save(buffer, np.zeros(3))  # a plain .npy under the model's name
    damaged.append(buffer.getvalue())
    for data in damaged:
        stored.write_bytes(data)
        model = danger_cache._read(stored, examples, lexicon)
        assert model is None or np.isfinite(model.weights).all()


def test_a_model_with_nan_weights_is_not_used(small_set, inputs, cache):
    examples, lexicon = small_set
    model = danger_cache.trained_model(examples, lexicon, no_terms, fingerprint(inputs))
    [stored] = cache.glob("danger-*.npz")
    model.weights[0, 0] = np.nan
    danger_cache._write(stored, model)
    assert danger_cache._read(stored, examples, lexicon) is None


def test_unreadable_cache_files_and_no_home_still_give_a_model(small_set, inputs, cache, monkeypatch):
    examples, lexicon = small_set
    model_name = f"danger-{fingerprint(inputs)}"
    (cache / f"{model_name}.npz").mkdir(parents=True)  # unreadable as a file, even for root
    (cache / f"{model_name}.decisions.json").mkdir()
    assert danger_cache.trained_model(examples, lexicon, no_terms, fingerprint(inputs)).weights.any()
    assert danger_cache.cached_decisions(fingerprint(inputs), ["a text"], lambda text: (frozenset(), frozenset())) == {
        "a text": (frozenset(), frozenset())
    }
    monkeypatch.delenv(danger_cache.CACHE_DIR_ENV)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert danger_cache.cache_dir() is None


def test_damaged_decisions_are_decided_again(inputs, cache):
    texts = ["a text"]
    danger_cache.cached_decisions(fingerprint(inputs), texts, lambda text: (frozenset({"medical"}), frozenset()))
    [stored] = cache.glob("danger-*.decisions.json")
    for body in ("", "[]", '{"a text": 5}', '{"a text": [["not a category"], []]}', '{"a text": [[1], []]}'):
        stored.write_text(body, encoding="utf-8")
        assert danger_cache.cached_decisions(fingerprint(inputs), texts, lambda text: (frozenset(), frozenset())) == {
            "a text": (frozenset(), frozenset())
        }
