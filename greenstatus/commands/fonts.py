"""`greenstatus fonts`: the five status fonts."""

from __future__ import annotations

from .. import output
from ..app.boundary import reporting_errors
from ..app.options import JsonOpt


def fonts_command(as_json: JsonOpt = False) -> None:
    """List the five status fonts with their style; piped, one name a line.

    [bold]Example[/bold]

      greenstatus fonts | fzf
    """
    from ..rules.fonts import FONTS

    with reporting_errors(as_json):
        output.fonts(FONTS, as_json=as_json)
