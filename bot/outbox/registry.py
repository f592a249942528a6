"""Every outbox action by its kind, to read a row back into its action."""

from __future__ import annotations

from bot.outbox.actions import (
    Action,
    AlbumFromStaff,
    AlbumToStaff,
    BroadcastCopy,
    CloseTopic,
    CopyFromStaff,
    CopyToStaff,
    EditCopy,
    EditRelay,
    ReopenTopic,
    RetitleTopic,
    SendText,
    StaffNotice,
)
from bot.outbox.staff_group_actions import DeleteMessages, DeleteTopic, LastWord

ACTIONS: dict[str, type[Action]] = {
    cls.kind: cls
    for cls in (
        SendText, CopyFromStaff, AlbumFromStaff, EditRelay, BroadcastCopy, CopyToStaff, AlbumToStaff,
        StaffNotice, EditCopy, CloseTopic, ReopenTopic, RetitleTopic, DeleteTopic, DeleteMessages, LastWord,
    )
}  # fmt: skip
