"""`greenstatus config check`: the instance's state, and what to do about it."""

from __future__ import annotations

from typing import Any

import typer

from ... import output
from ...app.boundary import reporting_errors
from ...app.context import load_settings
from ...app.options import JsonOpt, ProfileOpt
from ...errors import ExitCode, GreenstatusError
from ...i18n import _
from .shared import STATE_ADVICE, warn_refused_background


def check(ctx: typer.Context, profile: ProfileOpt = None, as_json: JsonOpt = False) -> None:
    """Ask the instance for its state, and what to do about it.

    Exit 0 when authorized, 75 while starting, 69 otherwise.
    """
    from ... import api

    with reporting_errors(as_json):
        settings = load_settings(ctx, profile, secret=False)
        warn_refused_background(settings)
        api_url, id_instance, token = settings.credentials()
        output.register_secret(token)
        instance = api.Instance(api_url, id_instance, token)
        timeout = settings.timeout()
        raw_state = api.get_state(instance, timeout=timeout, retries=1).get("stateInstance")
        state = raw_state if isinstance(raw_state, str) else "starting"
        code, advice = STATE_ADVICE.get(state, (ExitCode.UNAVAILABLE, _("unknown state")))
        facts: dict[str, Any] = {"state": state, "advice": advice}
        if code == ExitCode.OK:
            facts.update(_status_settings(api, instance, timeout))
        if as_json:
            output.out_json(facts)
        else:
            output.lines(_("{key}: {value}", key=k, value=v) for k, v in facts.items())
        if code != ExitCode.OK:
            raise typer.Exit(int(code))


def _status_settings(api: Any, instance: Any, timeout: float) -> dict[str, Any]:
    try:
        answer = api.get_settings(instance, timeout=timeout, retries=0)
    except GreenstatusError as exc:
        output.warn(_("could not read the instance settings: {message}", message=exc.message))
        return {}
    facts: dict[str, Any] = {}
    if "delaySendMessagesMilliseconds" in answer:
        facts["send_delay_ms"] = answer["delaySendMessagesMilliseconds"]
    if "outgoingWebhook" in answer:
        facts["outgoing_webhook"] = answer["outgoingWebhook"]
    if "wid" in answer:
        facts["account"] = answer["wid"]
    return facts
