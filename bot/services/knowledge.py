"""The live knowledge base, and a safe way to replace it while the bot runs."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from knowledge.base import KnowledgeBase, load_knowledge, require_knowledge
from knowledge.problems import Problem

logger = logging.getLogger(__name__)


class KnowledgeHolder:
    def __init__(self, root: Path | None = None, kb: KnowledgeBase | None = None) -> None:
        self.root = root
        self.kb = kb or require_knowledge(root)
        self._lock = asyncio.Lock()

    async def reload(self) -> tuple[bool, list[Problem]]:
        """Load the content again; swap it in only if it has no errors (the old one stays live)."""
        async with self._lock:
            kb, problems = await asyncio.to_thread(load_knowledge, self.root)
            if kb is None:
                logger.warning("knowledge reload refused: %d errors", sum(p.level == "error" for p in problems))
                return False, problems
            self.kb = kb
            logger.info("knowledge reloaded: %d articles", len(kb.articles))
            return True, problems
