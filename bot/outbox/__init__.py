"""The outbox: Telegram calls that must happen exactly once, queued in the same transaction as their
cause and sent by one sender, in order per lane.

- actions.py: what can be queued, each with its own `execute()` (keyboards.py: their buttons);
- queue.py: `Outbox.put(action)` in a service's session, and reading rows back (legacy.py: rows
  written before actions had versions);
- sender.py: the loop, lanes (lanes.py) and retries; errors.py: what Telegram's errors mean;
- delivery.py: what an action uses while it runs, and what it needs from consultations.
"""
