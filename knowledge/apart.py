"""Build the knowledge base in a child process and keep only the result.

Building reads hundreds of files, folds every word, indexes the articles and reads (or trains) the
danger model. Its temporary objects are interleaved with the ones that stay, so the heap stays
fragmented and a Python process gives little of it back: built in the bot's own process, the base
costs about 66 MiB of resident memory; built in a child and handed over as a pickle, about 32 MiB.
The child is this package run as a module. It builds only when its code is the code this process
loaded (after an upgrade on disk, a `/reload` must not mix two versions); otherwise, or when it
cannot run, the base is built in-process.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from knowledge.base import KnowledgeBase, load_knowledge
from knowledge.danger_cache import CACHE_DIR_ENV, CODE_DIGEST
from knowledge.problems import Problem

log = logging.getLogger(__name__)

PACKAGE_PARENT = Path(__file__).resolve().parents[1]  # where `python -m knowledge.apart` finds the package
TIMEOUT = 300.0
OTHER_CODE = 3  # the child's exit code when its code is not the parent's


def load_knowledge_apart(root: Path | None = None) -> tuple[KnowledgeBase | None, list[Problem]]:
    """`load_knowledge(root)`, built in a child process (see the module's docstring)."""
    env = dict(os.environ)
    if env.get(CACHE_DIR_ENV, "").strip():  # the child runs elsewhere: a relative folder must stay the same one
        env[CACHE_DIR_ENV] = str(Path(env[CACHE_DIR_ENV]).resolve())
    with tempfile.TemporaryDirectory(prefix="mi-help-knowledge-") as folder:
        out = Path(folder) / "knowledge.pickle"  # a file, not stdout: nothing the child prints can spoil it
        folder_arg = str(root.resolve()) if root else ""
        command = [sys.executable, "-m", "knowledge.apart", CODE_DIGEST.hex(), str(out), folder_arg]
        try:
            child = subprocess.run(command, cwd=PACKAGE_PARENT, env=env, capture_output=True, timeout=TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as error:
            log.warning("the knowledge child process failed (%s); building the base here", type(error).__name__)
            return load_knowledge(root)
        for line in child.stderr.decode(errors="replace").splitlines()[-20:]:
            log.warning("knowledge build: %s", line)  # content and code problems only: no person's data is read there
        if child.returncode == OTHER_CODE:
            log.warning("the code on disk is not the running code; building the knowledge base here")
            return load_knowledge(root)
        try:
            kb, problems = pickle.loads(out.read_bytes())  # written by our own child, below
        except Exception as error:  # a child that crashed or wrote nothing: build here
            log.warning("the knowledge child process failed (exit %d, %s); building the base here",
                        child.returncode, type(error).__name__)  # fmt: skip
            return load_knowledge(root)
    return kb, problems


def main(argv: list[str]) -> int:
    expected_code, out, root_text = argv
    if expected_code != CODE_DIGEST.hex():
        return OTHER_CODE
    kb, problems = load_knowledge(Path(root_text) if root_text else None, date.today())
    if kb is not None and kb.crisis.model is not None:
        kb.crisis.model.drop_training_rows()  # the bot only scores messages; `kb check` loads in-process
    Path(out).write_bytes(pickle.dumps((kb, problems), protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
