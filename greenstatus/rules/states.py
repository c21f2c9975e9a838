"""The journal's states and kinds: plain names, importable without opening the journal."""

from __future__ import annotations

STATES = (
    "scheduled",
    "pending",
    "sending",
    "queued",
    "unknown",
    "refused",
    "expired",
    "dropped",
    "deleted",
    "failed",
    # Not in GREEN-API's journal 25 h after the attempt (sync): never re-sent, never guarded.
    "absent",
)
# States a repeat of the same status must not be sent past (the duplicate guard).
GUARDED = ("scheduled", "pending", "sending", "queued", "unknown")
# States `outbox list` shows.
WAITING = ("scheduled", "pending", "sending")
# States `outbox flush` sends once their time has come.
DUE = ("scheduled", "pending")
# GREEN-API's statusMessage of your own statuses (getOutgoingStatuses), as `list --state` takes it.
SENT_STATES = ("pending", "sent", "delivered", "read")
# `post --wait`'s STATE: a status starts pending, so nobody waits for that.
WAIT_STATES = SENT_STATES[1:]
METHODS = {
    "text": "sendTextStatus",
    "image": "sendMediaStatus",
    "video": "sendMediaStatus",
    "voice": "sendVoiceStatus",
}
# GREEN-API's typeMessage of a status in its journals -> our kind (textMessage: an older
# spelling of a text status's type; deletedMessage is no kind of ours).
KINDS = {
    "extendedTextMessage": "text",
    "textMessage": "text",
    "imageMessage": "image",
    "videoMessage": "video",
    "audioMessage": "voice",
}
