"""`episodes new` checks each answer as it is given, with the model's own rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from mkdocs_episodes.core import new_episode as answers
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.scaffold import scaffold
from mkdocs_episodes.core.yaml_source import parse_yaml

DECLARED = {"enjeux": "Les enjeux", "reseau": "Le réseau"}
WEBM_HEAD = b"\x1a\x45\xdf\xa3" + b"\x00" * 60


def refused(check, *arguments) -> str:
    with pytest.raises(answers.AnswerError) as caught:
        check(*arguments)
    return str(caught.value)


def test_a_title_gives_its_slug_and_may_not_take_another_episodes_address():
    assert answers.title(" Mesurer l'empreinte ", set()) == (
        "Mesurer l'empreinte",
        "mesurer-l-empreinte",
    )
    assert "déjà l'adresse « les-enjeux »" in refused(answers.title, "Les enjeux", {"les-enjeux"})
    assert "ne doit pas être vide" in refused(answers.title, "  ", set())
    assert "200 caractères au plus" in refused(answers.title, "x" * 201, set())


def test_dates_are_year_month_day_and_a_french_order_is_named_with_its_correction():
    assert answers.publication_date("2025-03-14") == dt.date(2025, 3, 14)
    assert refused(answers.publication_date, "14/03/2025") == (
        "date écrite à la française « 14/03/2025 » : écrivez-la année-mois-jour, « 2025-03-14 »"
    )
    assert "attendu AAAA-MM-JJ" in refused(answers.publication_date, "demain")
    assert "attendu AAAA-MM-JJ" in refused(answers.publication_date, "31/02/2025")


def test_themes_must_be_declared_and_a_near_miss_is_suggested():
    assert answers.themes("enjeux, reseau enjeux", DECLARED) == ["enjeux", "reseau"]
    assert answers.themes(("reseau",), DECLARED) == ["reseau"]
    message = refused(answers.themes, "enjeu", DECLARED)
    assert "thème « enjeu » non déclaré dans mkdocs.yml" in message
    assert "vouliez-vous dire « enjeux » ?" in message
    assert "(thèmes possibles : enjeux, reseau)" in message
    assert "au moins un thème" in refused(answers.themes, " , ", DECLARED)


def test_hosts_ids_and_instances_are_checked_as_the_model_does():
    assert answers.host(" YouTube ") == "youtube"
    assert "attendu dailymotion, peertube, youtube" in refused(answers.host, "vimeo")
    assert answers.video_id("dailymotion", "x9368gg") == "x9368gg"
    message = refused(answers.video_id, "dailymotion", "https://www.dailymotion.com/video/x9")
    assert "identifiant Dailymotion" in message and "pas l'adresse de la page" in message
    assert "https://" in refused(answers.instance, "http://tube.example.org")
    assert answers.instance("https://tube.example.org") == "https://tube.example.org"


def test_ready_video_files_are_inside_the_repository_and_videos_by_content(tmp_path: Path):
    episodes = tmp_path / "episodes"
    (episodes / "mon-titre").mkdir(parents=True)
    good = episodes / "mon-titre" / "video-480p.webm"
    good.write_bytes(WEBM_HEAD)
    fake = episodes / "mon-titre" / "faux.webm"
    fake.write_bytes(b"<html></html>")
    outside = tmp_path.parent / "master.webm"
    outside.write_bytes(WEBM_HEAD)

    def height(_path: Path) -> int:
        return 480

    assert answers.video_files("", tmp_path, episodes, height) == []
    (source,) = answers.video_files(str(good), tmp_path, episodes, height)
    assert source == {
        "src": "mon-titre/video-480p.webm",
        "type": "video/webm",
        "height": 480,
        "size": len(WEBM_HEAD),
    }
    assert "introuvable" in refused(
        answers.video_files, str(episodes / "absent.webm"), tmp_path, episodes, height
    )
    assert "hors du dépôt" in refused(answers.video_files, str(outside), tmp_path, episodes, height)
    assert "n'est pas celui d'une vidéo" in refused(
        answers.video_files, str(fake), tmp_path, episodes, height
    )


def test_an_episode_awaiting_its_files_is_written_and_checked_says_how_to_make_them():
    data = {
        "number": 7,
        "slug": "mon-titre",
        "title": "Mon titre",
        "date": dt.date(2025, 3, 14),
        "summary": "Résumé.",
        "themes": ["enjeux"],
        "video": {"sources": []},
        "poster": "mon-titre/poster.webp",
    }
    # Nothing else is wrong: `episodes new` may write it.
    assert answers.problems(data) == []
    text = scaffold(data, "../schema/episode.schema.json")
    assert "#   episodes media CHEMIN/DU/MASTER.mp4 --episode mon-titre\n" in text
    # Read back, the model says what is missing and how to add it.
    with pytest.raises(ValidationError) as caught:
        Episode.model_validate(parse_yaml(text).data)
    (error,) = caught.value.errors()
    assert error["loc"] == ("video", "sources")
    assert "pas encore de fichier vidéo" in error["msg"]
    assert "episodes media CHEMIN/DU/MASTER.mp4 --episode SLUG" in error["msg"]
