"""The YAML mistakes French text makes most, each named by its real cause with the line
as it should be written (issue 18, item 3)."""

from __future__ import annotations

import pytest
from helpers import write_episode

from mkdocs_episodes.core.loader import load_episode


def problems(tmp_path, replace: tuple[str, str]) -> list[str]:
    path = write_episode(tmp_path / "episodes")
    text = path.read_text(encoding="utf-8")
    assert replace[0] in text, replace[0]
    path.write_text(text.replace(replace[0], replace[1], 1), encoding="utf-8")
    _episode, found = load_episode(path, tmp_path)
    return [p.format() for p in found if p.severity.name == "ERROR"]


@pytest.mark.parametrize(
    ("replace", "expected"),
    [
        (
            ("title: Un épisode", "title: 'Mesurer l'empreinte du numérique'"),
            "title: apostrophe dans un texte entre apostrophes : mettez le texte entre "
            'guillemets, par exemple « title: "Mesurer l\'empreinte du numérique" »',
        ),
        (
            ("title: Un épisode", "title: Rôle : référent"),
            "title: deux-points suivi d'une espace dans un texte : mettez le texte entre "
            'guillemets, par exemple « title: "Rôle : référent" »',
        ),
        (
            ("summary: Un résumé.", "summary: Un résumé.\n\tduration: 3"),
            "tabulation interdite : indentez avec des espaces, deux par niveau",
        ),
        (
            ("date: 2024-07-20", "date: 14/03/2025"),
            "date: date écrite à la française « 14/03/2025 » : écrivez-la année-mois-jour, "
            "« date: 2025-03-14 »",
        ),
        (
            ("themes:\n- reseau", "themes: reseau, enjeux"),
            "themes: liste écrite sur une ligne sans crochets (« reseau, enjeux ») : écrivez "
            "« themes: [reseau, enjeux] »",
        ),
    ],
)
def test_each_common_mistake_gets_its_own_message(tmp_path, replace, expected):
    found = problems(tmp_path, replace)
    assert len(found) == 1, found
    assert expected in found[0]


def test_an_apostrophe_doubled_inside_apostrophes_is_right(tmp_path):
    assert problems(tmp_path, ("title: Un épisode", "title: 'C''est l''été'")) == []


def test_minutes_and_seconds_unquoted_are_read_as_a_time_not_a_number(tmp_path):
    assert problems(tmp_path, ("duration: '4:32'", "duration: 2:15")) == []
