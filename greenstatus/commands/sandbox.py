"""`greenstatus sandbox`: GREEN-API's status methods on this machine, to try greenstatus offline."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .. import output
from ..app.boundary import reporting_errors
from ..errors import OutputError, TemporaryError, UsageError
from ..i18n import _


def _loopback(host: str) -> str:
    """The address to listen on, if it is one only this machine can reach."""
    import ipaddress

    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        address = None
    # A zone (::1%lo) is refused too: it names an interface, and binding to it fails oddly.
    if address is None or not address.is_loopback or getattr(address, "scope_id", None):
        raise UsageError(
            _(
                "--host must be a loopback address (127.0.0.1 to 127.255.255.254, or ::1): "
                "the sandbox accepts a made-up token and must not be reachable from the network"
            )
        )
    return str(address)


def sandbox_command(
    port: Annotated[
        int,
        typer.Option(
            "--port",
            min=0,
            max=65535,
            metavar="N",
            help="Port to listen on; 0 (the default) picks a free one.",
        ),
    ] = 0,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            metavar="ADDRESS",
            help="Loopback address to listen on: 127.0.0.0/8 or ::1.",
        ),
    ] = "127.0.0.1",
) -> None:
    """Serve a stand-in for GREEN-API's status methods on this machine: no account needed.

    Prints the export lines that point greenstatus at it, with an idInstance and a token made
    up for this run, then serves until Ctrl-C. Statuses are kept in memory only.

    [bold]Example[/bold]

      greenstatus sandbox > sandbox.env &
      until [ -s sandbox.env ] || ! kill -0 $!; do sleep 0.1; done; . ./sandbox.env
      greenstatus post "Hello from the sandbox" && greenstatus list
    """
    with reporting_errors():
        address = _loopback(host)
        from ..sandbox.server import sandbox

        try:
            api = sandbox(address, port)
        except OSError as exc:
            raise TemporaryError(
                _(
                    "cannot listen on {address} port {port}: {reason}; "
                    "give another --port, or 0 for a free one",
                    address=address,
                    port=port,
                    reason=exc.strerror or exc,
                )
            ) from None
        _stop_on_sigterm()
        try:
            _announce(api.url, api.id_instance, api.token)
            api.serve()
        except KeyboardInterrupt:
            pass  # Ctrl-C or SIGTERM (`kill %1`) is how a sandbox ends: no message, exit 0
        finally:
            api.server.server_close()


def _announce(url: str, id_instance: str, token: str) -> None:
    # Written unscrubbed: this token is the sandbox's own, made up for this run.
    output.raw(
        f"export GREENSTATUS_ID_INSTANCE={id_instance}\n"
        f"export GREENSTATUS_API_TOKEN_INSTANCE={token}\n"
        f"export GREENSTATUS_API_URL={url}\n"
        f"export GREENSTATUS_MEDIA_URL={url}\n"
    )
    # A reader (`. ./sandbox.env`, `eval`) must see every line before the first request.
    try:
        output.flush_stdout()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(
            _("cannot write to stdout: {reason}", reason=exc.strerror or exc)
        ) from None
    if output.is_terminal(sys.stderr):
        output.err(_("greenstatus: sandbox on {url}; Ctrl-C stops it", url=url))


def _stop_on_sigterm() -> None:
    """SIGTERM (`kill %1`) stops the sandbox as Ctrl-C does; set before the lines go out, since
    a script may kill it as soon as it has read them."""
    import signal

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
