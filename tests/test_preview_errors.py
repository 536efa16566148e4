"""The preview's error banner, from the preview server's side: which answers get it, what
it says, and when it goes. The browser test (test_serve_errors.py) sees it for real."""

from __future__ import annotations

import logging

import pytest

from mkdocs_episodes.adapter.preview_errors import STYLESHEET_PATH, PreviewErrors

PAGE = (
    b"<!doctype html><html><head><title>T</title></head><body class='x'><p>Texte</p></body></html>"
)


def site(environ, start_response):
    """A preview server's answers: HTML pages, a stylesheet, a missing page."""
    path = environ["PATH_INFO"]
    if path.endswith(".css"):
        start_response("200 OK", [("Content-Type", "text/css"), ("Content-Length", "2")])
        return [b"p{"[:2]]
    if path == "/absent/":
        start_response("404 Not Found", [("Content-Type", "text/html")])
        return [b"<html><body>404</body></html>"]
    start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(PAGE)))])
    return [PAGE]


def get(preview: PreviewErrors, path: str) -> tuple[str, dict[str, str], bytes]:
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    body = b"".join(preview.serving(site)({"PATH_INFO": path}, start_response))
    return answer["status"], answer["headers"], body


def test_pages_are_served_as_they_are_while_nothing_is_wrong():
    assert get(PreviewErrors(), "/episodes/") == (
        "200 OK",
        {"Content-Type": "text/html", "Content-Length": str(len(PAGE))},
        PAGE,
    )


def test_every_html_page_says_what_is_wrong_and_nothing_else_changes():
    preview = PreviewErrors()
    preview.episode_problems = (
        "episodes/02-x.yml:9:1: sumary: champ inconnu « sumary »",
        "episodes/03-y.yml:4:8: title: <script>alert(1)</script>",
    )
    status, headers, body = get(preview, "/episodes/")
    assert status == "200 OK" and headers["Content-Length"] == str(len(body))
    head, _, rest = body.partition(b"<body class='x'>")
    assert head.endswith(f'<link rel="stylesheet" href="{STYLESHEET_PATH}"></head>'.encode())
    assert rest.startswith(b'<div class="apercu-erreur" role="alert">')
    text = rest.decode()
    assert "La dernière modification contient une erreur :" in text
    assert "<code>episodes/02-x.yml:9:1:</code> sumary: champ inconnu « sumary »" in text
    # A publisher's text is shown, never run.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script>" not in text
    assert rest.endswith(b"<p>Texte</p></body></html>")
    # The 404 page too; a stylesheet is left alone.
    assert b"apercu-erreur" in get(preview, "/absent/")[2]
    assert get(preview, "/assets/site.css")[2] == b"p{"


def test_the_banner_stays_short_and_its_stylesheet_is_served_beside_it():
    preview = PreviewErrors()
    preview.episode_problems = tuple(f"episodes/{n:02d}.yml:1:1: title: vide" for n in range(14))
    body = get(preview, "/")[2].decode()
    assert body.count("<li>") == 10
    assert "… et 4 autres (voir le terminal)." in body
    status, headers, css = get(preview, STYLESHEET_PATH)
    assert status == "200 OK" and headers["Content-Type"].startswith("text/css")
    assert b".apercu-erreur" in css and b"#ce0500" in css


def test_a_failed_rebuild_is_recorded_with_what_mkdocs_logged_and_cleared_by_the_next():
    preview = PreviewErrors()

    def broken() -> None:
        logging.getLogger("mkdocs.config").error("mkdocs.yml, ligne 9 : crochet non fermé")
        raise RuntimeError("Aborted with a configuration error!")

    with pytest.raises(RuntimeError):
        preview.watch(broken)()
    assert preview.problems() == [
        "mkdocs.yml, ligne 9 : crochet non fermé",
        "Aborted with a configuration error!",
    ]
    assert b"crochet non ferm" in get(preview, "/")[2]
    assert preview.watch(lambda: "construit")() == "construit"
    assert preview.problems() == []
    assert get(preview, "/")[2] == PAGE
