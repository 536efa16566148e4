"""What podcast apps require of a series: Apple's categories and owner, the Podcast
Index guid, the cover's source image, transcripts as plain text."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import png

from mkdocs_episodes.core.podcast import (
    PodcastSettingError,
    PodcastSettings,
    check_podcast,
    cover_problem,
    feed_guid,
    transcript_text,
)


@pytest.mark.parametrize(
    ("url", "guid"),
    [
        # The namespace's own examples (podcast-namespace, docs/tags/guid.md).
        ("https://mp3s.nashownotes.com/pc20rss.xml", "917393e3-1b1e-5cef-ace4-edaa54e1f810"),
        ("mp3s.nashownotes.com/pc20rss.xml", "917393e3-1b1e-5cef-ace4-edaa54e1f810"),
        ("https://podnews.net/rss", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
        ("http://podnews.net/rss////", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
    ],
)
def test_the_feed_guid_is_the_namespace_s_uuid5_of_the_url_without_scheme(url, guid):
    assert feed_guid(url) == guid


def test_podcast_settings_are_read_with_their_defaults():
    assert check_podcast({}) == PodcastSettings()
    assert PodcastSettings().category == ("Government",)
    settings = check_podcast(
        {
            "cover": "docs/couverture.png",
            "category": "Science > Natural Sciences",
            "owner": {"name": "MiNumEco", "email": "contact@exemple.gouv.fr"},
            "locked": False,
            "guid": "917393E3-1B1E-5CEF-ACE4-EDAA54E1F810",
        }
    )
    assert settings == PodcastSettings(
        "docs/couverture.png",
        ("Science", "Natural Sciences"),
        "MiNumEco",
        "contact@exemple.gouv.fr",
        False,
        "917393e3-1b1e-5cef-ace4-edaa54e1f810",
    )


@pytest.mark.parametrize(
    ("value", "entry", "message"),
    [
        ("Government", "podcast", "ensemble de champs attendu (cover, category, owner, locked"),
        ({"categorie": "x"}, "categorie", "champ inconnu « categorie » (champs possibles :"),
        (
            {"category": "government"},
            "category",
            "category : catégorie d'Apple Podcasts inconnue « government » ; vouliez-vous dire "
            "« Government » ? ; écrivez-la en anglais, comme Apple",
        ),
        (
            {"category": "Science > Écologie"},
            "category",
            "inconnue « Science > Écologie » (sous-catégories de Science : Astronomy, Chemistry",
        ),
        ({"category": "Administration"}, "category", "inconnue « Administration » ; écrivez-la"),
        ({"owner": "MiNumEco"}, "owner", "owner : name et email attendus"),
        (
            {"owner": {"email": "minumeco"}},
            "email",
            "owner.email : adresse électronique attendue, par exemple « contact@exemple.gouv.fr »"
            " (trouvé « minumeco »)",
        ),
        ({"locked": "oui"}, "locked", "locked : true ou false attendu (trouvé « oui »)"),
        ({"guid": "abc"}, "guid", "guid : identifiant UUID attendu"),
        ({"cover": "../image.png"}, "cover", "cover : chemin relatif au dossier de mkdocs.yml"),
    ],
)
def test_refused_podcast_settings_say_which_entry_and_what_is_expected(value, entry, message):
    with pytest.raises(PodcastSettingError) as caught:
        check_podcast(value)
    assert caught.value.entry == entry
    assert message in str(caught.value)


def test_the_cover_source_goes_through_the_gate_and_the_image_rules(tmp_path: Path):
    root = tmp_path.resolve()
    (root / "images").mkdir()
    (root / "images" / "carre.png").write_bytes(png(1400, 1400))
    (root / "images" / "faux.png").write_bytes(b"<html>")
    (root / ".git").mkdir()
    (root / ".git" / "c.png").write_bytes(png(10, 10))
    assert cover_problem(root, "images/carre.png") is None
    assert "introuvable" in (cover_problem(root, "images/absente.png") or "")
    assert "n'est pas une image PNG" in (cover_problem(root, "images/faux.png") or "")
    assert "caché" in (cover_problem(root, ".git/c.png") or "")


def test_a_transcript_becomes_plain_text_paragraphs():
    markdown = (
        "## Introduction\n\nBonjour **à tous**, voici\nle [RGESN](https://exemple.fr/).\n\n"
        "- premier point\n- second point\n\n<b>brut</b> et `code`\n"
    )
    assert transcript_text(markdown) == (
        "Introduction\n\nBonjour à tous, voici le RGESN.\n\npremier point\n\nsecond point\n\n"
        "brut et code\n"
    )
