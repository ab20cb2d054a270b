"""The ``sageon`` command line. Thin: parses options, calls the library, prints.

Data goes to stdout, messages to stderr; a bad input is one ``Error: ...`` line and exit code 1
(traceback only with ``--debug``). Sub-command groups live in their own modules and add themselves
with ``register(app)``: ``cli_extract`` (extract, eval), ``cli_kb`` (kb ...), ``cli_store``
(ingest, events, quotes, actors, dyad, tilt, export, reextract), ``cli_serve`` (serve).
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from .errors import SageonError

app = typer.Typer(help="sageon: Korean news → political event data.", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
err = Console(stderr=True)
_state = {"debug": False}


@app.callback()
def _main(debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors.")) -> None:
    _state["debug"] = debug


def fail(message: str, code: int = 1) -> None:
    """Print one error line on stderr and exit."""
    err.print(f"[red]Error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _register_all() -> None:
    from . import cli_extract, cli_kb, cli_serve, cli_store

    for mod in (cli_extract, cli_kb, cli_store, cli_serve):
        mod.register(app)


def main() -> None:
    _register_all()
    debug = "--debug" in sys.argv
    try:
        app()
    except SageonError as exc:
        if debug:
            raise
        err.print(f"[red]Error:[/red] {exc}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
