"""Under `mkdocs serve`, what the last rebuild found wrong, shown in the browser.

A publisher looks at the page, not at the terminal: after a failed rebuild (or a rebuild
that kept the last valid episodes) every HTML page served carries a French banner naming
the file, line and problem, until a rebuild succeeds. The banner is added to the
responses of the preview server (a WSGI wrapper), never written into the site's files,
so that `mkdocs build` cannot publish it. Its look comes from a stylesheet served beside
it, never from inline style or script: the site's Content-Security-Policy holds for it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from markupsafe import escape

# A dot-folder: no file of the site can have this address (MkDocs and the gate skip them).
STYLESHEET_PATH = "/.apercu-episodes/erreur.css"
TITLE = "La dernière modification contient une erreur :"
ADVICE = (
    "Le site affiché est sa dernière version valide. Corrigez le fichier et enregistrez-le : "
    "la page se met à jour d'elle-même."
)
# A banner stays readable: the rest is in the terminal.
SHOWN_PROBLEMS = 10
SHOWN_CHARACTERS = 600

# DSFR's error red on white text (contrast 5.9:1); long paths wrap on a 390 px phone.
STYLESHEET = b"""\
.apercu-erreur {
  background: #ce0500;
  color: #fff;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  font-size: 0.8rem;
  line-height: 1.5;
  margin: 0;
  padding: 0.75rem 1rem;
  border-bottom: 0.25rem solid #6e0000;
  overflow-wrap: anywhere;
}
.apercu-erreur p { margin: 0 0 0.5rem; }
.apercu-erreur ul { margin: 0 0 0.5rem; padding-left: 1.25rem; }
.apercu-erreur li { white-space: pre-wrap; }
.apercu-erreur code { font-family: ui-monospace, monospace; font-weight: bold; }
.apercu-erreur p:last-child { margin-bottom: 0; }
"""

_BODY = re.compile(rb"<body\b[^>]*>", re.I)
_LOCATED = re.compile(r"(\S+:\d+:\d+:) (.*)", re.S)
_HEAD_END = re.compile(rb"</head\s*>", re.I)

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class PreviewErrors:
    """The problems of the last rebuild, as the preview shows them.

    Two sources: the episodes' checks, which let the build go on with the last valid
    episodes (set by the plugin at each build), and a rebuild that failed outright
    (recorded by `watch`, with what MkDocs logged on the way)."""

    def __init__(self) -> None:
        self.episode_problems: tuple[str, ...] = ()
        self.failure: tuple[str, ...] = ()

    def problems(self) -> list[str]:
        return [*self.failure, *self.episode_problems]

    def watch(self, builder: Callable[..., Any]) -> Callable[..., Any]:
        """`builder`, recording why it failed (or that it did not) before passing its
        exception on."""

        def build(*args: Any, **kwargs: Any) -> Any:
            logged = _Recorder()
            logger = logging.getLogger("mkdocs")
            logger.addHandler(logged)
            try:
                result = builder(*args, **kwargs)
            except BaseException as error:
                # What MkDocs logged explains the error better than its last word
                # ("Aborted with 1 configuration error!"), which comes last.
                self.failure = (*logged.messages, str(error) or type(error).__name__)
                raise
            finally:
                logger.removeHandler(logged)
            self.failure = ()
            return result

        return build

    def serving(self, app: WsgiApp) -> WsgiApp:
        """The preview server's application, adding the banner to HTML pages while a
        problem stands and serving the banner's stylesheet."""

        def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
            if environ.get("PATH_INFO") == STYLESHEET_PATH:
                start_response(
                    "200 OK",
                    [
                        ("Content-Type", "text/css; charset=utf-8"),
                        ("Content-Length", str(len(STYLESHEET))),
                        ("Cache-Control", "no-store"),
                    ],
                )
                return [STYLESHEET]
            problems = self.problems()
            if not problems:
                return app(environ, start_response)
            return _with_banner(app, environ, start_response, banner(problems))

        return application


class _Recorder(logging.Handler):
    """Warnings and errors MkDocs logs during one build (under `--strict`, a warning
    fails the build)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def banner(problems: list[str]) -> bytes:
    """The banner's HTML: a French alert naming each problem (file:line: field: message)."""
    shown = [
        problem if len(problem) <= SHOWN_CHARACTERS else problem[:SHOWN_CHARACTERS] + " …"
        for problem in problems[:SHOWN_PROBLEMS]
    ]
    items = "".join(f"<li>{_item(problem)}</li>" for problem in shown)
    hidden = len(problems) - len(shown)
    more = (
        f"<p>… et {hidden} autre{'s' if hidden > 1 else ''} (voir le terminal).</p>"
        if hidden
        else ""
    )
    html = (
        f'<div class="apercu-erreur" role="alert"><p><strong>{escape(TITLE)}</strong></p>'
        f"<ul>{items}</ul>{more}<p>{escape(ADVICE)}</p></div>"
    )
    return html.encode("utf-8")


def _item(problem: str) -> str:
    """One problem, its place (`file:line:column:`) set apart to be found at a glance."""
    located = _LOCATED.match(problem)
    if located is None:
        return str(escape(problem))
    return f"<code>{escape(located.group(1))}</code> {escape(located.group(2))}"


def add_banner(page: bytes, html: bytes) -> bytes:
    """`page` with its stylesheet link in `<head>` and `html` first in `<body>`."""
    link = f'<link rel="stylesheet" href="{STYLESHEET_PATH}">'.encode()
    body = _BODY.search(page)
    if body is None:
        return page
    page = page[: body.end()] + html + page[body.end() :]
    head_end = _HEAD_END.search(page, 0, body.start())
    at = head_end.start() if head_end else body.start()
    return page[:at] + link + page[at:]


def _with_banner(
    app: WsgiApp, environ: dict[str, Any], start_response: Callable[..., Any], html: bytes
) -> Iterable[bytes]:
    """The response of `app`, an HTML page receiving `html`, any other one as it was."""
    answer: dict[str, Any] = {}

    def hold(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        answer.update(status=status, headers=headers)
        return lambda data: answer.setdefault("written", []).append(data)

    body = app(environ, hold)
    headers: list[tuple[str, str]] = answer.get("headers", [])
    kind = next((value for name, value in headers if name.lower() == "content-type"), "")
    if not kind.startswith("text/html"):
        start_response(answer["status"], headers)
        return body
    page = b"".join(_drained(body))
    page = add_banner(b"".join(answer.get("written", [])) + page, html)
    headers = [(n, v) for n, v in headers if n.lower() != "content-length"]
    start_response(answer["status"], [*headers, ("Content-Length", str(len(page)))])
    return [page]


def _drained(body: Iterable[bytes]) -> Iterator[bytes]:
    try:
        yield from body
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()
