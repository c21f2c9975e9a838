"""The status methods on the server's lists: list, statistics, delete."""

from __future__ import annotations

from typing import Any

from ..errors import DataRefusedError, GreenstatusError, PermissionRefusedError
from ..i18n import Message, _
from ..rules.untrusted import clean
from .answers import _answer, _json_list
from .exchange import _exchange
from .http import Response
from .instance import Instance


def _no_status_access(method: str) -> str:
    return _(
        "this instance has no access to the status methods (HTTP 403 on {method}): they are in "
        "beta at GREEN-API, and GREEN-API support enables them on request (if 'greenstatus "
        "config check' fails too, idInstance or apiUrl is wrong instead)",
        method=method,
    )


def _status_exchange(instance: Instance, api_method: str, **options: Any) -> Response:
    """_exchange with the status methods' own words, and no control characters from the server."""
    try:
        return _status_words(instance, api_method, options)
    except GreenstatusError as exc:
        # Server text reaches the terminal in these messages: no escape sequence may pass. A
        # Message keeps its template (to be shown in the user's language) and is cleaned as shown.
        exc.message = exc.message if isinstance(exc.message, Message) else clean(exc.message)
        exc.args = (exc.message,)
        raise


def _status_words(instance: Instance, api_method: str, options: dict[str, Any]) -> Response:
    try:
        return _exchange(instance, api_method, **options)
    except PermissionRefusedError as exc:
        if exc.http_status == 403:
            raise PermissionRefusedError(_no_status_access(api_method), http_status=403) from None
        raise


def get_statuses(
    instance: Instance, *, incoming: bool = False, minutes: int = 1440, **options: Any
) -> list[Any]:
    """The instance's list of sent (or, with incoming, received) statuses, items unchanged."""
    method = "getIncomingStatuses" if incoming else "getOutgoingStatuses"
    response = _status_exchange(
        instance,
        method,
        http_method="GET",
        params={"minutes": str(minutes)},
        **options,
    )
    return _json_list(response, instance)


def get_status_statistic(instance: Instance, id_message: str, **options: Any) -> list[Any]:
    """Who received and viewed one status: the API's array unchanged."""
    response = _status_exchange(
        instance,
        "getStatusStatistic",
        http_method="GET",
        params={"idMessage": id_message},
        **options,
    )
    return _json_list(response, instance)


def delete_status(instance: Instance, id_message: str, **options: Any) -> None:
    """Delete one status. GREEN-API answers a success with 200 and an empty body.

    A "notfound" after an attempt whose answer was lost means that attempt deleted it.
    """
    try:
        response = _status_exchange(
            instance, "deleteStatus", body={"idMessage": id_message}, **options
        )
    except DataRefusedError as exc:
        if "notfound" in exc.message.lower().replace(" ", ""):
            if exc.after_lost_answer:
                return
            raise DataRefusedError(
                _(
                    "GREEN-API has no status {id_message} to delete {said}; "
                    "'greenstatus list' shows the ids it keeps",
                    id_message=repr(id_message),
                    said=exc.message.partition(" the request ")[2],
                ),
                http_status=exc.http_status,
            ) from None
        raise
    if response.content.strip():
        _answer(response, instance)
