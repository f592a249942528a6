"""Injected failures, so tests can check how the bot copes with a misbehaving Telegram."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FaultKind = Literal["429", "500", "502", "slow", "timeout", "403", "malformed"]
FAULT_KINDS = ("429", "500", "502", "slow", "timeout", "403", "malformed")


@dataclass(eq=False)
class Fault:
    """Affects the next ``times`` matching requests (``times=None``: every one until removed).

    - "429": Too Many Requests with ``retry_after``; not processed.
    - "500" / "502": Internal Server Error / Bad Gateway; not processed.
    - "403": "Forbidden: bot was blocked by the user"; not processed.
    - "slow": waits ``delay`` seconds, then processes the request normally (even if the client
      gave up meanwhile, like the real server would).
    - "malformed": 200 with a result of the wrong shape (a client fails to decode it); not processed.
    - "timeout": never answers and never processes; the connection is held until the client gives up.
    """

    kind: FaultKind
    method: str | None = None
    chat_id: int | str | None = None
    times: int | None = 1
    retry_after: int = 1
    delay: float = 0.0
    hits: int = 0

    @property
    def active(self) -> bool:
        return self.times is None or self.hits < self.times

    def matches(self, method: str, chat_id: object) -> bool:
        if not self.active:
            return False
        if self.method is not None and self.method.lower() != method.lower():
            return False
        return self.chat_id is None or str(self.chat_id) == str(chat_id)


class FaultRegistry:
    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(
        self,
        method: str | None = None,
        chat_id: int | str | None = None,
        kind: FaultKind = "429",
        times: int | None = 1,
        retry_after: int = 1,
        delay: float = 0.0,
    ) -> Fault:
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; use one of {', '.join(FAULT_KINDS)}")
        fault = Fault(kind=kind, method=method, chat_id=chat_id, times=times, retry_after=retry_after, delay=delay)
        self._faults.append(fault)
        return fault

    def remove(self, fault: Fault) -> None:
        if fault in self._faults:
            self._faults.remove(fault)

    def clear(self) -> None:
        self._faults.clear()

    def take(self, method: str, chat_id: object) -> Fault | None:
        """The first matching fault, counted as used by this request."""
        for fault in self._faults:
            if fault.matches(method, chat_id):
                fault.hits += 1
                return fault
        return None

    def __iter__(self):
        return iter(list(self._faults))

    def __len__(self) -> int:
        return sum(1 for fault in self._faults if fault.active)
