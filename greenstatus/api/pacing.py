"""Per-instance, per-method pacing of requests, from GREEN-API's rate-limiter table."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from ..i18n import _

if TYPE_CHECKING:
    from .instance import Instance
    from .retry import Log

# GREEN-API's rate-limiter table gives each method its own quota per instance, so the pace is
# kept per (instance, method): a getSettings right after getOutgoingStatuses does not wait.
# Only this process is paced; another process's requests are not seen.
PER_SECOND = {
    "getOutgoingStatuses": 1.0,
    "getIncomingStatuses": 1.0,
    "getStatusStatistic": 1.0,
    "deleteStatus": 10.0,
    "getContacts": 1.0,
}
_last_request: dict[tuple[str, str, str], float] = {}


def _wait_for_turn(instance: Instance, api_method: str, emit: Log) -> None:
    rate = PER_SECOND.get(api_method)
    if rate is None:
        return
    key = (instance.api_url, instance.id_instance, api_method)
    previous = _last_request.get(key)
    if previous is not None:
        wait = previous + 1.0 / rate - time.monotonic()
        if wait > 0:
            emit(
                _(
                    "  pacing: {method} allows {rate} request(s) a second; waiting {wait} s",
                    method=api_method,
                    rate=f"{rate:g}",
                    wait=f"{wait:.2f}",
                )
            )
            time.sleep(wait)
    _last_request[key] = time.monotonic()


def _answered(instance: Instance, api_method: str) -> None:
    """The pace counts from the answer: the server counted the request when it arrived, at
    the latest as it answered, so a second from here is a second by its clock too (counted
    from our start, jitter on the way made GREEN-API's window answer 429)."""
    if api_method in PER_SECOND:
        _last_request[(instance.api_url, instance.id_instance, api_method)] = time.monotonic()
