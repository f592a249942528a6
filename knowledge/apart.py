"""Build the knowledge base in a child process and keep only the result.

Building reads hundreds of files, folds every word, indexes the articles and reads (or trains) the
danger model. Its temporary objects are interleaved with the ones that stay, so the heap stays
fragmented and a Python process gives little of it back: built in the bot's own process, the base
costs about 66 MiB of resident memory; built in a child and handed over as a pickle, about 32 MiB.
The child is this package run as a module; if it cannot run, the base is built in-process.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
from datetime import date
from pathlib import Path

from knowledge.base import KnowledgeBase, load_knowledge
from knowledge.danger_cache import CACHE_DIR_ENV
from knowledge.problems import Problem

log = logging.getLogger(__name__)

PACKAGE_PARENT = Path(__file__).resolve().parents[1]  # where `python -m knowledge.apart` finds the package
TIMEOUT = 300.0


def load_knowledge_apart(root: Path | None = None) -> tuple[KnowledgeBase | None, list[Problem]]:
    """`load_knowledge(root)`, built in a child process (see the module's docstring)."""
    command = [sys.executable, "-m", "knowledge.apart", str(root.resolve()) if root else ""]
    env = dict(os.environ)
    if env.get(CACHE_DIR_ENV, "").strip():  # the child runs elsewhere: a relative folder must stay the same one
        env[CACHE_DIR_ENV] = str(Path(env[CACHE_DIR_ENV]).resolve())
    try:
        child = subprocess.run(command, cwd=PACKAGE_PARENT, env=env, capture_output=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        log.warning("the knowledge child process failed (%s); building the base here", type(error).__name__)
        return load_knowledge(root)
    for line in child.stderr.decode(errors="replace").splitlines()[-20:]:
        log.warning("knowledge build: %s", line)  # content and code problems only: no person's data is read there
    if child.returncode != 0:
        log.warning("the knowledge child process failed (exit %d); building the base here", child.returncode)
        return load_knowledge(root)
    kb, problems = pickle.loads(child.stdout)  # written by our own child, below
    return kb, problems


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv and argv[0] else None
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # whatever loading prints must not mix with the pickle
    result = load_knowledge(root, date.today())
    out.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
