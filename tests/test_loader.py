"""The loader turns episode files into validated episodes, or into located French messages."""

from pathlib import Path

import pytest
from helpers import write_episode

from mkdocs_episodes.core.loader import load_episodes
from mkdocs_episodes.core.problems import EpisodeError, Severity

THEMES = {"reseau", "enjeux"}


def load(root: Path):
    return load_episodes(root / "episodes", root, THEMES)


def problems_of(root: Path) -> list[str]:
    with pytest.raises(EpisodeError) as caught:
        load(root)
    return [problem.format() for problem in caught.value.problems]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "episodes").mkdir()
    return tmp_path


def test_a_valid_episode_loads_with_its_fields_typed(root):
    write_episode(root / "episodes", chapters=[{"start": "1:05", "title": "Début"}])
    (episode,) = load(root).episodes
    assert episode.duration == 272
    assert episode.chapters[0].start == 65
    assert episode.video.embed_url == "https://www.dailymotion.com/embed/video/x92eo5e"
    assert episode.transcript_markdown == "Bonjour."
    assert episode.origin.side_files[("poster",)] == root / "episodes" / "media" / "poster.png"


def test_side_files_resolve_against_the_episode_folder(root):
    write_episode(root / "episodes", transcript={"file": "media/texte.md"})
    (root / "episodes" / "media" / "texte.md").write_text("Le texte.", encoding="utf-8")
    (episode,) = load(root).episodes
    assert episode.transcript_markdown == "Le texte."


def test_unknown_field_is_named_with_a_suggestion_and_its_line(root):
    path = write_episode(root / "episodes", sumary="faute de frappe")
    (message,) = problems_of(root)
    line = path.read_text(encoding="utf-8").splitlines().index("sumary: faute de frappe") + 1
    assert message.startswith(f"episodes/un-episode.yml:{line}:1: sumary: champ inconnu")
    assert "vouliez-vous dire « summary » ?" in message


def test_missing_required_field_is_reported(root):
    write_episode(root / "episodes", title=None)
    (message,) = problems_of(root)
    assert "title: champ obligatoire manquant" in message


def test_wrong_type_and_nested_position(root):
    path = write_episode(
        root / "episodes", chapters=[{"start": 5, "title": "A"}, {"start": "oups", "title": "B"}]
    )
    (message,) = problems_of(root)
    line = path.read_text(encoding="utf-8").splitlines().index("- start: oups") + 1
    assert message.startswith(f"episodes/un-episode.yml:{line}:")
    assert "chapters[2].start: durée illisible « oups »" in message


def test_third_party_id_must_have_its_host_form(root):
    write_episode(root / "episodes", video={"host": "dailymotion", "id": "https://dai.ly/x92eo5e"})
    (message,) = problems_of(root)
    assert "video: identifiant Dailymotion « https://dai.ly/x92eo5e » invalide" in message


def test_peertube_needs_an_https_instance(root):
    write_episode(
        root / "episodes",
        video={"host": "peertube", "id": "9c9de5e8-0a1e-484a-b099-e80766180a6d"},
    )
    assert "instance" in problems_of(root)[0]


def test_resource_url_must_be_https(root):
    write_episode(root / "episodes", resources=[{"title": "R", "url": "http://example.org"}])
    (message,) = problems_of(root)
    assert "resources[1].url: adresse « http://example.org » refusée" in message


def test_chapters_out_of_order_or_past_the_end(root):
    write_episode(
        root / "episodes",
        chapters=[
            {"start": "1:00", "title": "A"},
            {"start": "0:30", "title": "B"},
            {"start": "9:00", "title": "C"},
        ],
    )
    messages = problems_of(root)
    assert any("chapters[2].start: les chapitres doivent être dans l'ordre" in m for m in messages)
    assert any("chapters[3].start: ce chapitre commence après la fin" in m for m in messages)


def test_missing_side_file(root):
    write_episode(root / "episodes", poster="media/absent.png")
    (message,) = problems_of(root)
    assert "poster: fichier « media/absent.png » introuvable" in message


@pytest.mark.parametrize("path", ["../../secret.png", "/etc/passwd", "https://cdn.example/p.png"])
def test_side_files_may_not_leave_the_repository(root, path):
    write_episode(root / "episodes", poster=path)
    (message,) = problems_of(root)
    assert "poster:" in message
    assert "hors du dépôt" in message or "refusé" in message


def test_symlink_leading_out_of_the_repository_is_refused(root, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "poster.png"
    outside.write_bytes(b"x")
    write_episode(root / "episodes", poster="media/lien.png")
    (root / "episodes" / "media" / "lien.png").symlink_to(outside)
    (message,) = problems_of(root)
    assert "mène hors du dépôt" in message


def test_duplicate_slugs_and_numbers_across_files(root):
    write_episode(root / "episodes", name="a.yml")
    write_episode(root / "episodes", name="b.yml")
    messages = problems_of(root)
    assert any(m.startswith("episodes/b.yml:") and "slug:" in m for m in messages)
    assert any(m.startswith("episodes/b.yml:") and "number:" in m for m in messages)
    assert all("episodes/a.yml" in m for m in messages)


def test_theme_outside_the_allow_list(root):
    write_episode(root / "episodes", themes=["reseau", "climat"])
    (message,) = problems_of(root)
    assert "themes[2]: thème « climat » non déclaré dans mkdocs.yml" in message


def test_malformed_webvtt(root):
    write_episode(root / "episodes", captions=[{"src": "media/fr.vtt", "lang": "fr"}])
    (root / "episodes" / "media" / "fr.vtt").write_text("00:01 --> 00:02\nBonjour\n")
    (message,) = problems_of(root)
    assert "captions[1].src:" in message
    assert "WEBVTT" in message


def test_webvtt_timestamp_in_another_script_s_digits(root):
    write_episode(root / "episodes", captions=[{"src": "media/fr.vtt", "lang": "fr"}])
    (root / "episodes" / "media" / "fr.vtt").write_text(
        "WEBVTT\n\n00:0\u0661:02.500 --> 00:01:05.000\nBonjour\n", encoding="utf-8"
    )
    (message,) = problems_of(root)
    assert "captions[1].src:" in message
    assert "ligne 3 : horodatage attendu" in message


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "fichier vide"), (b"title: \xe9t\xe9\n", "UTF-8"), (b"x" * 300_000, "trop lourd")],
)
def test_empty_non_utf8_or_oversized_files(root, content, words):
    (root / "episodes" / "bad.yml").write_bytes(content)
    (message,) = problems_of(root)
    assert message.startswith("episodes/bad.yml:1:1:")
    assert words in message


def test_every_problem_of_every_file_is_reported_at_once(root):
    write_episode(root / "episodes", name="a.yml", slug="a", number=1, title=None)
    write_episode(root / "episodes", name="b.yml", slug="b", number=2, summary=None)
    messages = problems_of(root)
    assert len(messages) == 2


def test_gap_in_numbering_and_missing_transcript_are_warnings(root):
    write_episode(root / "episodes", number=3, transcript=None)
    result = load(root)
    assert len(result.episodes) == 1
    assert {w.severity for w in result.warnings} == {Severity.WARNING}
    texts = " ".join(w.message for w in result.warnings)
    assert "numérotation avec des trous" in texts
    assert "pas de transcription" in texts
