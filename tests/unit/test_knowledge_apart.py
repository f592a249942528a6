"""The knowledge base built in a child process: the same base as built in-process, errors included."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

import pytest

from bot.services.knowledge import KnowledgeHolder
from knowledge.apart import PACKAGE_PARENT, load_knowledge_apart
from knowledge.base import KnowledgeError, require_knowledge
from tests.unit.knowledge_copy import copy_of_knowledge

QUESTIONS = ["patent narxi qancha", "где сделать регистрацию", "my boss took my passport", "врач скорая"]
MESSAGES = ["хочу чтобы всё закончилось", "muzim bilan choy ichdik", "he beats me every night"]


@pytest.fixture(scope="module")
def here():  # type: ignore[no-untyped-def]
    return require_knowledge()


def test_the_child_builds_the_same_base(here):
    apart, problems = load_knowledge_apart()
    assert apart is not None and not [p for p in problems if p.level == "error"]
    assert list(apart.articles) == list(here.articles) and list(apart.places) == list(here.places)
    for question in QUESTIONS:
        assert apart.search.search(question) == here.search.search(question), question
    for text in MESSAGES:
        assert apart.crisis.detect(text) == here.crisis.detect(text), text
    assert apart.crisis.model is not None and not apart.crisis.model.train  # only what scoring needs crossed over


def test_broken_content_comes_back_as_its_errors(tmp_path: Path):
    content = copy_of_knowledge(tmp_path)
    (content / "stopwords.yaml").write_text("ru: 5\n", encoding="utf-8")
    kb, problems = load_knowledge_apart(content)
    assert kb is None
    assert any(p.level == "error" and "stopwords.yaml" in str(p) for p in problems)
    with pytest.raises(KnowledgeError):
        KnowledgeHolder(content, apart=True)


def test_without_a_child_the_base_is_built_here(monkeypatch, caplog):
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    with caplog.at_level(logging.WARNING, logger="knowledge.apart"):
        kb, _problems = load_knowledge_apart()
    assert kb is not None and kb.articles
    assert "child process failed" in caplog.text


async def test_a_reload_builds_apart_and_swaps_only_a_good_base(tmp_path: Path):
    content = copy_of_knowledge(tmp_path)
    holder = KnowledgeHolder(content, apart=True)
    first = holder.kb
    ok, _ = await holder.reload()
    assert ok and holder.kb is not first
    (content / "stopwords.yaml").write_text("ru: 5\n", encoding="utf-8")
    ok, problems = await holder.reload()
    assert not ok and problems and holder.kb is not first


def test_a_relative_cache_folder_is_the_same_folder_for_the_child(here, tmp_path: Path, monkeypatch):
    shared = Path(os.environ["KNOWLEDGE_CACHE_DIR"])  # the run's cache: `here` left the trained model there
    private = tmp_path / "model-cache"  # a copy: other test workers add files to the shared one
    shutil.copytree(shared, private, ignore=shutil.ignore_patterns(".danger-*"))
    before = sorted(p.name for p in private.iterdir())
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KNOWLEDGE_CACHE_DIR", private.name)
    kb, _problems = load_knowledge_apart()
    assert kb is not None
    assert sorted(p.name for p in private.iterdir()) == before  # read from that folder, not trained again elsewhere
    assert not (PACKAGE_PARENT / private.name).exists()


def test_a_child_with_other_code_leaves_the_build_to_this_process(monkeypatch, caplog):
    import knowledge.apart as apart

    monkeypatch.setattr(apart, "CODE_DIGEST", b"an older version of the code")
    with caplog.at_level(logging.WARNING, logger="knowledge.apart"):
        kb, _problems = apart.load_knowledge_apart()
    assert kb is not None and "not the running code" in caplog.text


def test_a_child_that_crashes_leaves_the_build_to_this_process(tmp_path: Path, monkeypatch, caplog):
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\necho 'Traceback: boom' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(fake))
    with caplog.at_level(logging.WARNING, logger="knowledge.apart"):
        kb, _problems = load_knowledge_apart()
    assert kb is not None and "exit 1" in caplog.text and "boom" in caplog.text
