"""Publishers' HTML is data: cut down to an allow-list before it reaches a page."""

from __future__ import annotations

import pytest

from mkdocs_episodes.core.sanitize import sanitize_html, sanitize_page_html

BOTH = pytest.mark.parametrize("clean", [sanitize_html, sanitize_page_html])


@BOTH
def test_scripts_and_their_content_are_removed(clean):
    assert clean("<p>Avant<script>alert('jeton')</script>après</p>") == "<p>Avantaprès</p>"


@BOTH
def test_event_handlers_and_styles_are_removed(clean):
    html = clean(
        '<p onclick="voler()" onmouseover="x()" style="display:none" class="note">Texte</p>'
    )
    assert html == '<p class="note">Texte</p>'


@BOTH
@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "vbscript:x",
        "data:text/html,x",
    ],
)
def test_dangerous_link_schemes_lose_their_address(clean, link):
    assert clean(f'<a href="{link}">lien</a>') == "<a>lien</a>"


@BOTH
def test_safe_links_are_kept(clean):
    html = '<a href="https://www.numerique.gouv.fr/">DINUM</a> <a href="mailto:a@b.fr">écrire</a> <a href="../rgesn/#video">RGESN</a>'
    assert clean(html) == html


@BOTH
@pytest.mark.parametrize(
    "element",
    [
        '<iframe src="https://exemple.fr/"></iframe>',
        '<object data="x.swf"></object>',
        '<embed src="x.swf">',
        '<form action="https://exemple.fr/"><input name="mot-de-passe" type="password"><button type="submit"></button></form>',
        "<style>body { display: none }</style>",
        '<meta http-equiv="refresh" content="0; url=https://exemple.fr/">',
    ],
)
def test_frames_objects_forms_and_styles_are_removed(clean, element):
    assert clean(f"<p>Texte</p>{element}") == "<p>Texte</p>"


def test_comments_are_dropped_from_publisher_text():
    assert sanitize_html("<p>A<!-- episodes:mesures -->B</p>") == "<p>AB</p>"


def test_comments_survive_in_pages_for_the_build_s_markers():
    assert sanitize_page_html("<p>A<!-- episodes:mesures -->B</p>") == (
        "<p>A<!-- episodes:mesures -->B</p>"
    )


def test_pages_keep_images_figures_and_aria_but_publisher_text_does_not():
    html = (
        '<figure><img src="../assets/schema.png" alt="Schéma" width="640" onerror="x()">'
        '<figcaption aria-label="Légende">Légende</figcaption></figure>'
    )
    assert sanitize_page_html(html) == (
        '<figure><img src="../assets/schema.png" alt="Schéma" width="640">'
        '<figcaption aria-label="Légende">Légende</figcaption></figure>'
    )
    assert "<img" not in sanitize_html(html)


def test_headings_keep_their_anchors_for_doctrine_links():
    html = '<h2 id="video">La vidéo</h2>'
    assert sanitize_html(html) == html
    assert sanitize_page_html('<h1 id="titre">Titre</h1>') == '<h1 id="titre">Titre</h1>'


def test_pages_drop_data_addresses_even_on_images():
    # No data: address anywhere (an SVG one runs script when opened on its own).
    html = '<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="Pictogramme">'
    assert "data:" not in sanitize_page_html(html)
    assert 'alt="Pictogramme"' in sanitize_page_html(html)
