"""Flood limits shared by every replica through Redis: Telegram counts per bot token, not per process.

The same sliding windows as `FloodLimiter` (global, per chat; the same margins), kept in Redis
sorted sets and checked and recorded by one Lua script, atomically, on Redis's clock (so replicas'
clocks do not matter). A 429 pauses the chat, or everything, for every replica.

Redis down: a clear degraded mode. The limits fall back to this process's memory (one warning),
each replica keeping only its share of them (the application tells the limiter how many replicas
are alive), Redis is tried again every few seconds, and a line says when it is shared again.

Back from an outage, Redis's windows lack what the replicas sent on their own meanwhile (and a
restarted Redis may have lost more), while other replicas may still be on their own windows for a
few seconds. So a recovery follows, shared through Redis: until every replica can have come back
and one whole window has passed since, each replica keeps to its share in memory as well as to the
shared windows. It starts when a replica comes back, or when a replica finds another Redis run id
than at its last call (a restart it did not notice while Redis was down). A Redis without a stored
run id came back empty (or is new): a replica that had windows there counts its own as full.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.config import Settings
from bot.telegram.limiter import CHAT_MARGIN, FloodLimiter, FloodLimits, Window, chat_kind
from db.identity import IdentityVault

logger = logging.getLogger(__name__)

RETRY_REDIS_EVERY = 5.0
# How long a send may stay in flight before its slot is freed anyway (a replica that died mid-call).
IN_FLIGHT_HOLD_MS = 5000
REDIS_TIMEOUT = 1.0

# KEYS: global window, chat window ('' when none), global pause, chat pause ('' when none), Redis's
#   run id last seen, the recovery, the loss (Redis came back empty)
# ARGV: count, member, global limit, global span ms, chat limit, chat span ms, in-flight hold ms,
#   recovery ms, came back (1: this replica was on its own windows), own windows checked (1 or 0),
#   the run id this replica saw last ('' at its first call)
# Returns {wait, recovery, loss, run id, chat wait}: wait 0 when recorded, -1 when a recovery is on and
# this replica's own windows must allow the send first, else the milliseconds to wait before asking
# again; recovery and loss: how many milliseconds they still last (0: none); chat wait: how much of the
# wait the chat's own window or pause asks for (the rest is the global window's).
# A send in flight is marked in the future (now + hold): it cannot leave the window before its call
# finished and RESTAMP moved it to that moment, however long the request took to go out.
ACQUIRE = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local count = tonumber(ARGV[1])
local function recover()
  if redis.call('PTTL', KEYS[6]) < tonumber(ARGV[8]) then redis.call('SET', KEYS[6], '1', 'PX', ARGV[8]) end
end
local info = redis.pcall('INFO', 'server')
local run_id = type(info) == 'string' and string.match(info, 'run_id:(%w+)') or ''
if run_id ~= '' then
  local stored = redis.call('GET', KEYS[5])
  if stored ~= run_id then
    redis.call('SET', KEYS[5], run_id)
    if not stored then redis.call('SET', KEYS[7], '1', 'PX', ARGV[8]) end  -- empty (or new): windows lost
  end
  -- Restarted since this replica's last call: the others may have sent on their own meanwhile.
  if ARGV[11] ~= '' and ARGV[11] ~= run_id then recover() end
end
if ARGV[9] == '1' then recover() end
local recovery = math.max(0, redis.call('PTTL', KEYS[6]))
local loss = math.max(0, redis.call('PTTL', KEYS[7]))
if recovery > 0 and ARGV[10] ~= '1' then return {-1, recovery, loss, run_id, 0} end
local function paused_for(key)
  if key == '' then return 0 end
  local paused = tonumber(redis.call('GET', key) or '0')
  return math.max(0, paused - now)
end
local function needs(key, limit, span)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - span)
  local want = math.min(count, limit)
  local size = redis.call('ZCARD', key)
  if size + want <= limit then return 0 end
  local index = size + want - limit - 1
  local oldest = tonumber(redis.call('ZRANGE', key, index, index, 'WITHSCORES')[2])
  if oldest > now then return 20 end  -- a send in flight: ask again soon, it moves when it finishes
  return oldest + span - now
end
local global_wait = math.max(paused_for(KEYS[3]), needs(KEYS[1], tonumber(ARGV[3]), tonumber(ARGV[4])))
local chat_wait = paused_for(KEYS[4])
if KEYS[2] ~= '' then chat_wait = math.max(chat_wait, needs(KEYS[2], tonumber(ARGV[5]), tonumber(ARGV[6]))) end
local wait = math.max(global_wait, chat_wait)
if wait > 0 then return {math.max(1, math.ceil(wait)), recovery, loss, run_id, math.ceil(chat_wait)} end
local windows = {{KEYS[1], ARGV[4]}}
if KEYS[2] ~= '' then table.insert(windows, {KEYS[2], ARGV[6]}) end
for _, window in ipairs(windows) do
  for i = 1, count do redis.call('ZADD', window[1], now + tonumber(ARGV[7]), ARGV[2] .. ':' .. i) end
  redis.call('PEXPIRE', window[1], tonumber(window[2]) * 2 + tonumber(ARGV[7]))
end
return {0, recovery, loss, run_id, 0}
"""

# The call finished: its marks move to now (only those still in the window).
# KEYS: global window, chat window ('' when none); ARGV: count, member
RESTAMP = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
for _, key in ipairs(KEYS) do
  if key ~= '' then
    for i = 1, tonumber(ARGV[1]) do redis.call('ZADD', key, 'XX', now, ARGV[2] .. ':' .. i) end
  end
end
return 0
"""


class _Line:
    """This replica's sends held back by the shared window, oldest first: only the first asks Redis.

    Without it, every held send slept until the window had room and then raced for the free slot,
    so some chats waited far longer than others (as the in-memory limiter did before it served sends
    in order). Sends of different replicas still meet in Redis in the order they ask.
    """

    def __init__(self) -> None:
        self._turns: dict[int, asyncio.Future[None]] = {}  # ticket in line → resolved when it becomes the first

    def __bool__(self) -> bool:
        return bool(self._turns)

    async def turn(self, ticket: int) -> None:
        """Join the line (by ticket) if not in it, and wait until this ticket is the first."""
        loop = asyncio.get_running_loop()
        self._turns.setdefault(ticket, loop.create_future())
        while min(self._turns) != ticket:
            self._turns[ticket] = loop.create_future()
            await self._turns[ticket]

    def leave(self, ticket: int) -> None:
        """Out of the line (granted, held by its chat, or gone); the next one's turn."""
        if self._turns.pop(ticket, None) is None or not self._turns:
            return
        first = self._turns[min(self._turns)]
        if not first.done():
            first.set_result(None)


@dataclass(frozen=True)
class _Held:
    """Redis said wait: `wait_ms` in all, `chat_ms` of it for the chat's own window or pause."""

    wait_ms: int
    chat_ms: int


@dataclass(frozen=True)
class SharedMark:
    """A send allowed by the shared windows: its member there and its mirror in this process's windows."""

    member: str
    local: float


class RedisFloodLimiter(FloodLimiter):
    """`FloodLimiter` whose windows live in Redis; its own in-memory windows are the fallback."""

    def __init__(
        self,
        redis: Redis,
        limits: FloodLimits | None = None,
        *,
        namespace: str,
        chat_key: Callable[[int | str], str],
        margin: float = 0.05,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(limits, margin, clock)
        self.redis = redis
        self.namespace = namespace
        self.chat_key = chat_key
        self._acquire_script = redis.register_script(ACQUIRE)
        self._restamp_script = redis.register_script(RESTAMP)
        self._local = FloodLimiter(self.limits, margin, clock)  # the fallback: this replica's share
        self.replicas = 1
        self._down = False  # Redis failed last time: the local windows are in use
        self._local_until = 0.0  # do not ask Redis again before this time (monotonic)
        self._recovering_until = 0.0  # a recovery is on until then, as Redis last said (monotonic)
        self._shared_before = False  # this process has had windows in Redis (a loss concerns it)
        self._away = False  # on its own windows since the last recovery ended: they hold all it sent
        self._loss_seen_until = 0.0
        self._run_id = ""  # Redis's, at the last answer: another one means it restarted in between
        self._pauses: set[asyncio.Task[Any]] = set()
        self._line = _Line()
        self._tickets = itertools.count()

    @property
    def degraded(self) -> bool:
        return self._down

    def share_with(self, replicas: int) -> None:
        """How many replicas send with this token: without Redis, each keeps 1/replicas of the limits."""
        replicas = max(1, replicas)
        if replicas == self.replicas:
            return
        self.replicas = replicas

        def part(window: Window) -> Window:
            return Window(max(1, window.count // replicas), window.seconds)

        # The same windows, new counts: what this process sent a moment ago still counts.
        limits = self.limits
        self._local.set_limits(FloodLimits(part(limits.global_), part(limits.private), part(limits.group)))

    @property
    def recovering(self) -> bool:
        """After an outage: this replica keeps to its share in memory as well as to the shared windows."""
        return self.clock() < self._recovering_until

    def _recovery_ms(self) -> int:
        """Every replica back (each retries within RETRY_REDIS_EVERY), then the longest window once."""
        longest = max(window.seconds for window in (self.limits.global_, self.limits.private, self.limits.group))
        return round((RETRY_REDIS_EVERY + longest * (1 + CHAT_MARGIN) + self.margin) * 1000)

    def _keys(self, chat_id: int | str | None) -> list[str]:
        chat = f"{self.namespace}:chat:{self.chat_key(chat_id)}" if chat_id is not None else ""
        return [
            f"{self.namespace}:global", chat, f"{self.namespace}:pause", f"{chat}:pause" if chat else "",
            f"{self.namespace}:run-id", f"{self.namespace}:recovery", f"{self.namespace}:loss",
        ]  # fmt: skip

    def _spans(self, chat_id: int | str | None) -> list[int]:
        limits = self.limits
        chat = limits.private if chat_kind(chat_id) == "private" else limits.group
        return [
            limits.global_.count,
            round((limits.global_.seconds + self.margin) * 1000),
            chat.count,
            round((chat.seconds * (1 + CHAT_MARGIN) + self.margin) * 1000),
            IN_FLIGHT_HOLD_MS,
        ]

    def _degrade(self, error: Exception) -> None:
        if not self._down:
            self._down = True
            self._away = True
            # The other replicas' last sends are unknown here: the own windows start full. Alone, this
            # process's windows already hold every send (shared grants are mirrored), so none is lost.
            if self.replicas > 1:
                self._local.assume_full()
            logger.warning(
                "Redis unreachable (%s): flood limits are kept per process (1/%d of them each) until it answers again",
                type(error).__name__,
                self.replicas,
            )
        self._local_until = self.clock() + RETRY_REDIS_EVERY

    async def acquire(self, chat_id: int | str | None, count: int = 1) -> Any:
        if self.clock() < self._local_until:
            return await self._local.acquire(chat_id, count)
        return await self._acquire_shared(chat_id, count)

    async def _acquire_shared(self, chat_id: int | str | None, count: int) -> SharedMark | float:
        ticket = next(self._tickets)
        in_line = bool(self._line)  # others wait for the shared window: this one asks after the older ones
        try:
            while True:
                if in_line:
                    await self._line.turn(ticket)
                    if self.clock() < self._local_until:  # Redis failed meanwhile
                        self._line.leave(ticket)
                        fallback: float = await self._local.acquire(chat_id, count)
                        return fallback
                answer = await self._ask_shared(chat_id, count)
                if not isinstance(answer, _Held):
                    return answer
                if answer.chat_ms >= answer.wait_ms:  # its own chat holds it back: the others need not wait
                    self._line.leave(ticket)
                    await asyncio.sleep(answer.wait_ms / 1000)
                    in_line = bool(self._line)
                elif in_line:  # first in line: sleep until the shared window may have room
                    await asyncio.sleep(answer.wait_ms / 1000)
                else:
                    in_line = True
        finally:
            self._line.leave(ticket)

    async def _ask_shared(self, chat_id: int | str | None, count: int) -> SharedMark | float | _Held:
        """One turn at Redis: the mark once granted (or the fallback's), else how long to wait."""
        member = uuid.uuid4().hex
        keys, spans = self._keys(chat_id), self._spans(chat_id)
        local_mark: float | None = None  # this process's own windows allowed the send (a recovery)
        while True:
            came_back = self._down
            try:
                checked = int(local_mark is not None)
                wait_ms, recovery_ms, loss_ms, run_id, chat_ms = await self._acquire_script(
                    keys=keys, args=[count, member, *spans, self._recovery_ms(), int(came_back), checked, self._run_id]
                )
            except (RedisError, OSError) as error:
                self._degrade(error)
                return local_mark if local_mark is not None else await self._local.acquire(chat_id, count)
            if came_back and self._down:
                self._down = False
                logger.warning("Redis answers again: flood limits are shared between replicas again")
            self._run_id = run_id.decode() if isinstance(run_id, bytes) else str(run_id)
            self._note_recovery(int(recovery_ms), int(loss_ms))
            if int(wait_ms) == 0:
                if local_mark is None:  # mirrored, so a fallback starts from what this process sent
                    local_mark = self._local.record(chat_id, count)
                else:  # counted in memory from now, not from when the own windows allowed it
                    local_mark = await self._local.sent(chat_id, count, local_mark)
                return SharedMark(member, local_mark)
            if int(wait_ms) < 0:
                local_mark = await self._local.acquire(chat_id, count)
                continue
            if local_mark is not None:  # the recovery allowed it in memory; Redis still says wait
                await asyncio.sleep(int(wait_ms) / 1000)
                continue
            return _Held(int(wait_ms), int(chat_ms))

    def _note_recovery(self, recovery_ms: int, loss_ms: int) -> None:
        if loss_ms > 0 and self.clock() >= self._loss_seen_until:
            # Redis came back empty: the sends it forgot still fill the windows for one span. A replica
            # that was on its own windows meanwhile started them full already (`_degrade`).
            self._loss_seen_until = self.clock() + loss_ms / 1000
            if self._shared_before and not self._away and self.replicas > 1:
                self._local.assume_full()
        self._shared_before = True
        if recovery_ms == 0:
            self._away = False
        if recovery_ms > 0 and not self.recovering:
            logger.warning(
                "Flood limits recovering after a Redis outage or restart: for %.0f s each replica also keeps to "
                "its share (1/%d) in memory",
                recovery_ms / 1000,
                self.replicas,
            )
        self._recovering_until = self.clock() + recovery_ms / 1000

    async def sent(self, chat_id: int | str | None, count: int, mark: Any) -> float:
        if not isinstance(mark, SharedMark):  # granted by the in-memory fallback
            return await self._local.sent(chat_id, count, mark)
        now = await self._local.sent(chat_id, count, mark.local)
        try:
            await self._restamp_script(keys=self._keys(chat_id)[:2], args=[count, mark.member])
        except (RedisError, OSError) as error:
            self._degrade(error)
        return now

    def penalize(self, chat_id: int | str | None, retry_after: float) -> None:
        self._local.penalize(chat_id, retry_after)
        task = asyncio.get_running_loop().create_task(self._pause_shared(chat_id, retry_after))
        self._pauses.add(task)
        task.add_done_callback(self._pauses.discard)

    async def _pause_shared(self, chat_id: int | str | None, retry_after: float) -> None:
        keys = self._keys(chat_id)
        key = keys[2] if chat_id is None else keys[3]
        try:
            seconds, micros = await self.redis.time()
            until = int(seconds) * 1000 + int(micros) // 1000 + round(retry_after * 1000)
            await self.redis.set(key, until, px=max(1, round(retry_after * 1000)))
        except (RedisError, OSError) as error:
            self._degrade(error)

    async def close(self) -> None:
        await asyncio.gather(*self._pauses, return_exceptions=True)
        await self.redis.aclose()


def create_shared_limiter(
    redis_url: str, settings: Settings, limits: FloodLimits, vault: IdentityVault
) -> RedisFloodLimiter:
    """The limits shared through the Redis at `redis_url` (without Redis, `bot/factory.py` keeps them in memory)."""
    redis = Redis.from_url(redis_url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT)
    bot_id = settings.bot_token.get_secret_value().split(":", 1)[0]  # the public part of the token

    def chat_key(chat_id: int | str) -> str:  # no chat id in Redis, as nowhere else at rest
        return vault.hash_id(chat_id) if isinstance(chat_id, int) else vault.hash_text(chat_id)

    return RedisFloodLimiter(redis, limits, namespace=f"mi-help:flood:{bot_id}", chat_key=chat_key)
