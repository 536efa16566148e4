"""Published URLs never break: the committed list, and redirects for pages that move."""

from __future__ import annotations

from pathlib import Path

from mkdocs_episodes.core.url_list import HEADER, check_urls, read_list, redirect_page, write_list


def test_the_list_is_written_sorted_once_each_under_its_header(tmp_path: Path):
    path = tmp_path / "urls.txt"
    write_list(path, ["/episodes/b/", "/", "/episodes/a/", "/"])
    assert path.read_text(encoding="utf-8") == HEADER + "/\n/episodes/a/\n/episodes/b/\n"
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind
    assert read_list(path) == ["/", "/episodes/a/", "/episodes/b/"]


def test_reading_skips_comments_blanks_and_a_missing_file(tmp_path: Path):
    path = tmp_path / "urls.txt"
    path.write_text("# commentaire\n\n  /episodes/a/  \n/b/\n", encoding="utf-8")
    assert read_list(path) == ["/episodes/a/", "/b/"]
    assert read_list(tmp_path / "absent.txt") == []


def test_a_vanished_url_is_missing_unless_redirected():
    result = check_urls(
        listed=["/", "/episodes/ancien/", "/doctrine/vieille/"],
        current=["/", "/episodes/nouveau/", "/doctrine/neuve/"],
        redirects={"/doctrine/vieille/": "/doctrine/neuve/"},
    )
    assert result.missing == ["/episodes/ancien/"]
    assert result.added == ["/doctrine/neuve/", "/episodes/nouveau/"]
    assert result.redirect_problems == []


def test_redirect_problems_are_explained():
    result = check_urls(
        listed=[],
        current=["/", "/c/"],
        redirects={
            "/": "/c/",
            "/a/": "/b/",
            "/b/": "/c/",
            "/x/": "/y/",
            "/y/": "/x/",
            "/z/": "/absente/",
        },
    )
    assert result.redirect_problems == [
        "redirection « / » : cette adresse existe encore, elle ne peut pas être redirigée",
        "redirection « /a/ » : chaîne (/a/ → /b/ → /c/) ; faites pointer chaque ancienne "
        "adresse directement vers la page finale",
        "redirection « /x/ » : boucle (/x/ → /y/ → /x/) ; faites pointer chaque ancienne "
        "adresse directement vers la page finale",
        "redirection « /y/ » : boucle (/y/ → /x/ → /y/) ; faites pointer chaque ancienne "
        "adresse directement vers la page finale",
        "redirection « /z/ » vers « /absente/ » : la cible n'existe pas dans le site",
    ]


def test_a_redirect_page_works_without_javascript_and_escapes_its_target():
    page = redirect_page('https://serie.exemple.fr/a/?x="1"&y', '../a/?x="1"&y')
    assert '<meta http-equiv="refresh" content="0; url=../a/?x=&quot;1&quot;&amp;y">' in page
    assert '<link rel="canonical" href="https://serie.exemple.fr/a/?x=&quot;1&quot;&amp;y">' in page
    assert '<meta name="robots" content="noindex">' in page
    assert page.startswith('<!doctype html>\n<html lang="fr">')
