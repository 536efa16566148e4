"""The plugin's settings in mkdocs.yml: checked with French messages, found by line."""

from __future__ import annotations

from dataclasses import fields

import pytest

from mkdocs_episodes.core.settings import (
    CHECKS,
    Budget,
    SettingError,
    Settings,
    check,
    default,
    setting_line,
    settings_from,
)


def refusal(name: str, value: object) -> str:
    with pytest.raises(SettingError) as caught:
        check(name, value)
    return str(caught.value)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("per_page", 0, "nombre entier positif attendu (trouvé « 0 »)"),
        ("per_page", True, "nombre entier positif attendu (trouvé « True »)"),
        ("feed_items", "50", "nombre entier positif attendu (trouvé « 50 »)"),
        ("workers", "beaucoup", "« auto » ou un nombre (0 : aucun) attendu (trouvé « beaucoup »)"),
        ("workers", -1, "« auto » ou un nombre (0 : aucun) attendu (trouvé « -1 »)"),
        ("drafts", "oui", "true ou false attendu (trouvé « oui »)"),
        (
            "themes",
            {"Sobriété": "Sobriété numérique"},
            "thème « Sobriété » invalide : identifiant en minuscules sans accents, par exemple "
            "« sobriete: Sobriété numérique »",
        ),
        (
            "themes",
            {"sobriete": " "},
            "thème « sobriete » sans libellé : par exemple « sobriete: Mon thème »",
        ),
        (
            "themes",
            ["sobriete"],
            "identifiant: libellé attendu, par exemple « sobriete: Sobriété numérique »",
        ),
        (
            "budget",
            {"requests": 10, "poids": 100},
            "champ inconnu « poids » (champs possibles : ecoindex, requests, size_kb)",
        ),
        (
            "budget",
            {"requests": 0},
            "budget.requests : nombre entier positif attendu (trouvé « 0 »)",
        ),
        ("budget", {"size_kb": -1}, "budget.size_kb : nombre positif attendu (trouvé « -1 »)"),
        (
            "episodes_dir",
            "../ailleurs",
            "chemin relatif au dossier de mkdocs.yml attendu (trouvé « ../ailleurs »)",
        ),
        (
            "url_list",
            "/etc/urls.txt",
            "chemin relatif au dossier de mkdocs.yml attendu (trouvé « /etc/urls.txt »)",
        ),
        (
            "redirects",
            {"/a/": 3},
            "ancienne adresse: nouvelle adresse attendu, par exemple « /a/: /b/ »",
        ),
        ("author", 42, "texte attendu (trouvé « 42 »)"),
        ("max_height", 4320, "hauteur en pixels entre 144 et 2160 attendue (trouvé « 4320 »)"),
        ("max_height", "720p", "nombre entier positif attendu (trouvé « 720p »)"),
        (
            "media_storage",
            "medias-serie/episodes",
            "stockage « medias-serie/episodes » refusé : attendu s3://SEAU/DOSSIER, par exemple "
            "s3://medias-serie/episodes",
        ),
        (
            "media_url",
            "http://medias.example.gouv.fr/serie/",
            "adresse « http://medias.example.gouv.fr/serie/ » refusée : https:// est attendu "
            "(http:// n'est admis que sur cette machine, 127.0.0.1 ou localhost), par exemple "
            "https://medias.example.gouv.fr/serie/",
        ),
        (
            "media_url",
            "https://medias.example.gouv.fr/serie",
            "adresse « https://medias.example.gouv.fr/serie » refusée : le dossier des médias est "
            "attendu, terminé par « / » et sans « ? », par exemple https://medias.example.gouv.fr/serie/",
        ),
        ("podcast", {"locked": "oui"}, "locked : true ou false attendu (trouvé « oui »)"),
    ],
)
def test_refused_settings_are_explained_in_french(name, value, message):
    assert refusal(name, value) == message


@pytest.mark.parametrize(
    ("name", "value", "checked"),
    [
        ("workers", "auto", "auto"),
        ("workers", 0, 0),
        ("per_page", 6, 6),
        ("themes", {"video-sobre": "La vidéo sobre"}, {"video-sobre": "La vidéo sobre"}),
        ("budget", {"size_kb": 80}, Budget(10, 80, 85)),
        ("episodes_dir", "contenu/episodes", "contenu/episodes"),
        ("cache_dir", "/var/cache/episodes", "/var/cache/episodes"),
        ("max_height", 1080, 1080),
        ("media_storage", "s3://medias-serie/episodes", "s3://medias-serie/episodes"),
        (
            "media_url",
            "https://medias.example.gouv.fr/serie/",
            "https://medias.example.gouv.fr/serie/",
        ),
        ("media_url", "", ""),
    ],
)
def test_accepted_settings_keep_their_value(name, value, checked):
    assert check(name, value) == checked


def test_every_setting_has_a_default_and_a_check():
    assert set(CHECKS) == {f.name for f in fields(Settings)}
    assert default("per_page") == 12
    assert default("workers") == "auto"
    assert default("budget") == Budget(requests=10, size_kb=120, ecoindex=85)
    assert default("url_list") == "urls.txt"
    # A mutable default is fresh each time: one site's themes never leak into another's.
    themes = default("themes")
    assert themes == {}
    assert default("themes") is not themes


def test_settings_from_checked_values_keeps_defaults_for_the_rest():
    settings = settings_from({"per_page": 6, "themes": {"reseau": "Le réseau"}, "ignored": 1})
    assert settings.per_page == 6
    assert settings.themes == {"reseau": "Le réseau"}
    assert settings.feed_items == 50


MKDOCS_YML = """\
site_name: Série
plugins:
  - search:
      per_page: 3
  - episodes:
      episodes_dir: episodes
      # per_page: 99 (commented out)

      per_page: 0
      themes:
        reseau: Le réseau
  - blog:
      per_page: 4
nav:
  - index.md
"""


def test_setting_line_finds_the_option_under_the_episodes_plugin():
    assert setting_line(MKDOCS_YML, "per_page") == 9
    assert setting_line(MKDOCS_YML, "themes") == 10


def test_setting_line_falls_back_to_the_plugin_entry_then_to_line_one():
    # Not set: the plugin's entry; another plugin's same-named key is never taken.
    assert setting_line(MKDOCS_YML, "feed_items") == 5
    assert setting_line(MKDOCS_YML, "per_page", plugin="blog") == 13
    assert setting_line("site_name: Série\n", "per_page") == 1
