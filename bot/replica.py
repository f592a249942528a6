"""A replica's name, as outbox claims and leases record it: `host:pid:random`.

Readable by an operator looking at the database, unique per process, and enough for one check:
a holder named after this host whose process is gone (or whose pid is now ours, after a
container restart) has died, so its poller lease need not be waited out.
"""

from __future__ import annotations

import os
import socket
import uuid


def _host() -> str:
    return socket.gethostname()[:32].replace(":", "-")


def replica_name() -> str:
    return f"{_host()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def died_on_this_host(owner: str) -> bool:
    """True when `owner` ran on this host and its process no longer runs."""
    host, _, rest = owner.partition(":")
    pid_text, _, _ = rest.partition(":")
    if host != _host() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():  # our pid, another name: an earlier life of this container or process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        return False
    return False
