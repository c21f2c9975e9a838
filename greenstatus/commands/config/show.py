"""`greenstatus config show`: the settings a post would use, and where each came from."""

from __future__ import annotations

import typer

from ... import output
from ...app.boundary import reporting_errors
from ...app.context import config_option, load_settings
from ...app.options import JsonOpt, ProfileOpt
from ...i18n import _
from ...rules.colors import DEFAULT_BACKGROUND
from .shared import shown_value, warn_refused_background


def show(ctx: typer.Context, profile: ProfileOpt = None, as_json: JsonOpt = False) -> None:
    """Show the settings a post would use, and where each came from.

    [bold]Example[/bold]

      greenstatus config show --profile shop
    """
    from ... import config

    with reporting_errors(as_json):
        settings = load_settings(ctx, profile, secret=False)
        where = "--config" if config_option(ctx) else "GREENSTATUS_CONFIG or platform default"
        exists = "" if settings.path.exists() else " (missing)"
        rows = [("config file", str(settings.path), where + exists)]
        rows.append(("profile", settings.profile, settings.profile_source))
        for key in config.KEYS:
            value = settings.get(key)
            if value is None:
                shown, source = _EFFECTIVE_DEFAULTS.get(key, (_("not set"), _("not set")))
            else:
                shown, source = shown_value(key, value), settings.sources.get(key) or _("default")
            rows.append((key, shown, source))
        warn_refused_background(settings)
        output.settings_table(rows, _("profile {name}", name=settings.profile), as_json=as_json)


# What a post uses when a key is not set anywhere: (shown value, source).
_EFFECTIVE_DEFAULTS: dict[str, tuple[str, str]] = {
    "background_color": (DEFAULT_BACKGROUND, _("default")),
    "font": (_("not set (WhatsApp's default)"), _("default")),
    "participants": (_("all contacts"), _("default")),
    "id_instance": (_("not set"), _("not set: run 'greenstatus config init'")),
    "api_token_instance": (_("not set"), _("not set: run 'greenstatus config init'")),
    "media_url": (
        _("not set"),
        _("not set: api_url is not a GREEN-API host, so a local file needs media_url"),
    ),
}
