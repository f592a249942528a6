"""Who may talk to a local server: the Host it was reached by, and the page a browser came from.

A server on 127.0.0.1 is still reachable from a web page: a site can point its own name at
127.0.0.1 (DNS rebinding) or have the browser post to it directly. Checking the Host header
against the names this machine is known by, and any Origin against that Host, stops both.
"""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import urlsplit

from aiohttp import web

LOCAL_HOSTNAMES = frozenset({"127.0.0.1", "localhost", "::1"})


def refusal(request: web.Request, allowed_hosts: Collection[str] = LOCAL_HOSTNAMES) -> str | None:
    """Why the request must be refused, or None when it came from an allowed host and no other site."""
    hostname = urlsplit(f"//{request.host}").hostname or ""
    if hostname not in allowed_hosts:
        return f"this server only answers on {', '.join(sorted(allowed_hosts))}"
    origin = request.headers.get("Origin")
    if origin is not None and urlsplit(origin).netloc != request.host:
        return "requests from other sites are refused"
    return None
