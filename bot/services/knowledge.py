"""The live knowledge base, and a safe way to replace it while the bot runs."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from knowledge.apart import load_knowledge_apart
from knowledge.base import KnowledgeBase, KnowledgeError, load_knowledge
from knowledge.problems import Problem

logger = logging.getLogger(__name__)


class KnowledgeHolder:
    """`apart`: build in a child process, as the bot does (half the memory; see knowledge/apart.py)."""

    def __init__(self, root: Path | None = None, kb: KnowledgeBase | None = None, apart: bool = False) -> None:
        self.root = root
        self.apart = apart
        if kb is None:
            kb, problems = self._load()
            if kb is None:
                raise KnowledgeError(problems)
        self.kb = kb
        self._lock = asyncio.Lock()

    def _load(self) -> tuple[KnowledgeBase | None, list[Problem]]:
        return load_knowledge_apart(self.root) if self.apart else load_knowledge(self.root)

    async def reload(self) -> tuple[bool, list[Problem]]:
        """Load the content again; swap it in only if it has no errors (the old one stays live)."""
        async with self._lock:
            kb, problems = await asyncio.to_thread(self._load)
            if kb is None:
                logger.warning("knowledge reload refused: %d errors", sum(p.level == "error" for p in problems))
                return False, problems
            self.kb = kb
            logger.info("knowledge reloaded: %d articles", len(kb.articles))
            return True, problems
