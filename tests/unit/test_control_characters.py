"""Control characters never reach a page or a feed: refused in every text field of every
publisher file with their place and code point, and dropped by the feed writers if they
came from elsewhere. Written as YAML escapes ("\\u0007", "\\x1b"), they used to pass the
checks and make the RSS and Atom feeds ill-formed while the build succeeded."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
import yaml
from helpers import VALID_EPISODE, write_episode
from jinja2.utils import htmlsafe_json_dumps
from pydantic import ValidationError

from mkdocs_episodes.core.datafiles import ResourceCatalogue, load_data_file
from mkdocs_episodes.core.doctrine import read_doctrine
from mkdocs_episodes.core.feeds import (
    PublishedEpisode,
    api,
    atom,
    chapters_json,
    json_feed,
    rss,
)
from mkdocs_episodes.core.loader import load_episode
from mkdocs_episodes.core.messages import translate
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.structured import SiteFacts, episode_graph
from mkdocs_episodes.core.transcript import transcript_html
from mkdocs_episodes.core.yaml_source import YamlIssue, parse_yaml

from .factory import SITE, channel

CHANNEL = channel()
# Each escape as a publisher would write it in a double-quoted YAML value, and the code
# point it makes.
ESCAPES = [
    ("\\a", "U+0007"),
    ("\\u0007", "U+0007"),
    ("\\x1b", "U+001B"),
    ("\\e", "U+001B"),
    ("\\0", "U+0000"),
    ("\\b", "U+0008"),
    ("\\v", "U+000B"),
    ("\\f", "U+000C"),
    ("\\x7f", "U+007F"),
    ("\\x80", "U+0080"),
    ("\\N", "U+0085"),
    ("\\x9b", "U+009B"),
    ("\\x9f", "U+009F"),
    ("\\uFFFE", "U+FFFE"),
    ("\\uFFFF", "U+FFFF"),
    ("\\uFDD0", "U+FDD0"),
]


def issue(text: str) -> tuple[int, int, tuple, str]:
    with pytest.raises(YamlIssue) as caught:
        parse_yaml(text)
    error = caught.value
    return error.line, error.column, error.path, error.message


@pytest.mark.parametrize(("escape", "code"), ESCAPES)
def test_an_escaped_control_character_is_refused_where_it_is_written(escape, code):
    line, column, path, message = issue(f'number: 1\ntitle: "Les enjeux{escape}"\n')
    assert (line, column, path) == (2, 8, ("title",))
    assert code in message
    assert message.endswith(": retirez-le")


def test_the_message_says_control_character_for_controls():
    assert issue('title: "a\\u0007"')[3] == "caractère de contrôle interdit (U+0007) : retirez-le"
    assert issue('title: "a\\uFFFF"')[3] == "caractère invalide (U+FFFF) : retirez-le"


def test_nested_fields_list_items_and_keys_are_judged_too():
    assert issue('chapters:\n  - start: 0\n    title: "\\x1b[31mrouge"\n')[:3] == (
        3,
        12,
        ("chapters", 0, "title"),
    )
    assert issue('themes:\n  - "a\\u0000"\n')[:3] == (2, 5, ("themes", 0))
    assert "U+0007" in issue('"ti\\atle": x\n')[3]


def test_a_lone_surrogate_escape_is_refused_in_french():
    line, _column, path, message = issue('number: 1\ntitle: "\\ud800"\n')
    assert (line, path) == (2, ("title",))
    assert "échappement" in message and "\\u" in message


def test_a_control_character_written_as_such_is_pointed_at_in_french():
    # YAML's reader refused it already, but at line 1 in English (and libyaml counts bytes).
    assert issue("number: 1\ntitle: Été\x07\n") == (
        2,
        11,
        ("title",),
        "caractère de contrôle interdit (U+0007) : retirez-le",
    )
    # Inside a block: the field that holds the line.
    assert issue("number: 1\nnotes: |\n  Première ligne\n\n  - un \x1b point\n")[:3] == (
        5,
        8,
        ("notes",),
    )


def test_tabs_and_line_breaks_are_text():
    document = parse_yaml('title: "a\\tb"\nnotes: "un\\ndeux\\r\\ntrois"\n')
    assert document.data == {"title": "a\tb", "notes": "un\ndeux\r\ntrois"}


def test_an_episode_with_a_control_character_is_one_located_problem(tmp_path: Path):
    root = tmp_path.resolve()
    path = write_episode(root / "episodes", summary="Un résumé.")
    text = path.read_text(encoding="utf-8").replace("summary: Un résumé.", 'summary: "Un\\x1b"')
    path.write_text(text, encoding="utf-8")
    episode, problems = load_episode(path, root)
    assert episode is None
    (problem,) = problems
    assert (problem.field, problem.message) == (
        "summary",
        "caractère de contrôle interdit (U+001B) : retirez-le",
    )
    assert problem.line == text.splitlines().index('summary: "Un\\x1b"') + 1


def test_doctrine_front_matter_refuses_them(tmp_path: Path):
    root = tmp_path.resolve()
    (root / "docs").mkdir()
    page = root / "docs" / "page.md"
    page.write_text(
        '---\ntitle: "Page\\u0007"\ndescription: D.\nreviewed: 2024-11-28\n---\n\nTexte.\n',
        encoding="utf-8",
    )
    meta, problems = read_doctrine(page, root, set())
    assert meta is None
    assert [(p.line, p.field, p.message) for p in problems] == [
        (2, "title", "caractère de contrôle interdit (U+0007) : retirez-le")
    ]


def test_data_files_refuse_them(tmp_path: Path):
    root = tmp_path.resolve()
    (root / "donnees").mkdir()
    path = root / "donnees" / "ressources.yml"
    path.write_text(
        "resources:\n  - id: rgesn\n    title: RGESN\n    type: guide\n    themes: [enjeux]\n"
        '    publisher: "Arcep\\x9b"\n    url: https://exemple.fr/\n    licence: LO\n'
        '    date: "2024"\n',
        encoding="utf-8",
    )
    read = load_data_file(path, root, ResourceCatalogue)
    assert read.value is None
    assert [(p.line, p.field) for p in read.problems] == [(6, "resources[1].publisher")]
    assert "U+009B" in read.problems[0].message


@pytest.mark.parametrize("field", ["title", "summary", "notes"])
def test_the_model_refuses_them_whatever_the_data_comes_from(field):
    with pytest.raises(ValidationError) as caught:
        Episode.model_validate({**VALID_EPISODE, field: "Texte\x07"})
    (error,) = caught.value.errors(include_url=False)
    assert translate(error, Episode) == (
        (field,),
        "caractère de contrôle interdit (U+0007) : retirez-le",
    )


def test_the_model_refuses_them_in_lists_and_nested_models():
    with pytest.raises(ValidationError):
        Episode.model_validate({**VALID_EPISODE, "chapters": [{"start": 0, "title": "\x1b"}]})
    with pytest.raises(ValidationError):
        Episode.model_validate({**VALID_EPISODE, "transcript": {"text": "Bonjour\x00"}})


def hostile_item(text: str) -> PublishedEpisode:
    """An episode holding `text` everywhere, built past validation (as a future reader
    or a bug might): the feed writers must still write well-formed files."""
    episode = Episode.model_validate(
        {**VALID_EPISODE, "chapters": [{"start": 0, "title": "Début"}]}
    )
    chapter = episode.chapters[0].model_copy(update={"title": text})
    episode = episode.model_copy(update={"title": text, "summary": text, "chapters": [chapter]})
    return PublishedEpisode(
        episode,
        url=SITE + "episodes/un-episode/",
        image=SITE + "poster.png",
        embed_page=SITE + "embed/",
        themes=[("reseau", text)],
    )


EVERY_BAD = "A\x00\x07\x08\x0b\x0c\x1b\x7f\x85\x9f\ud800\udfff\ufffe\uffffZ\t\n"


def test_feeds_stay_well_formed_xml_whatever_the_text():
    item = hostile_item(EVERY_BAD)
    channel = CHANNEL.__class__(**{**CHANNEL.__dict__, "title": EVERY_BAD})
    for write in (rss, atom):
        text = write(channel, [item])
        text.encode("utf-8")  # no lone surrogate
        ET.fromstring(text)
        assert not feedparser.parse(text).bozo
    title = ET.fromstring(rss(channel, [item])).findtext("channel/item/title")
    assert title == "A\x7f\x85\x9fZ\t\n"


def test_json_files_stay_valid_utf8_json_whatever_the_text():
    item = hostile_item(EVERY_BAD)
    for text in (json_feed(CHANNEL, [item]), api(CHANNEL, [item]), chapters_json(item)):
        text.encode("utf-8")
        data = json.loads(text)
        assert "\ud800" not in json.dumps(data, ensure_ascii=False)
    # C0 controls are escaped by json.dumps: valid JSON.
    assert "\\u0007" in json_feed(CHANNEL, [item])


def test_structured_data_holds_none_of_them():
    facts = SiteFacts("Série", "", SITE, SITE, "Éditeur", SITE)
    graph = episode_graph(hostile_item(EVERY_BAD), facts, [SITE + "carte.jpg"])
    # As the template writes it (Jinja's tojson).
    text = str(htmlsafe_json_dumps(graph))
    assert text.isascii()
    assert "\\ud800" not in text and "\\u0007" not in text
    assert json.loads(text)["@graph"][0]["name"] == "AZ\t\n"
    assert json.loads(text)["@graph"][0]["hasPart"][0]["name"] == "AZ\t\n"


def test_transcripts_never_carry_them_into_a_page():
    html = transcript_html("Bonjour\x07 et\x1b bienvenue\ufffe.\n", [], [])
    assert html == "<p>Bonjour et bienvenue.</p>\n"


def test_side_files_are_judged_with_their_line_and_column():
    from mkdocs_episodes.core.text import side_text_problem

    assert side_text_problem("WEBVTT\n\n00:00.000 --> 00:01.000\nBon\x1bjour\n") == (
        "ligne 4, colonne 4 : caractère de contrôle interdit (U+001B) : retirez-le"
    )
    assert side_text_problem("x" * 11, max_chars=10) == (
        "texte trop long (11 caractères) : 10 caractères au plus"
    )
    assert side_text_problem("[" * 30_000, markdown=True).startswith("trop de crochets")
    assert side_text_problem("Bonjour.\n\n[lien](https://exemple.fr)\n", 100, True) is None


def test_text_helpers():
    from mkdocs_episodes.core.text import character_problem, without_forbidden_characters, xml_text

    assert character_problem("ok\t\n\r") is None
    assert without_forbidden_characters("a\x00b\ud800c") == "abc"
    assert xml_text("a\x00\x85\ufffeb\U0001f3acc") == "a\x85b\U0001f3acc"


def test_yaml_round_trip_of_an_episode_keeps_accents_and_emoji(tmp_path: Path):
    # Not everything unusual is refused: letters, emoji, no-break spaces stay.
    text = "Sobriété\u00a0: « vidéo » 🎬 — l’essentiel"
    path = write_episode(tmp_path.resolve() / "episodes", title=text)
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["title"] == text
    episode, _problems = load_episode(path, tmp_path.resolve())
    assert episode is not None and episode.title == text
