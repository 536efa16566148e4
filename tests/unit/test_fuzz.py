"""Property-based tests: whatever text a pull request puts in a publisher file, the core
answers with an episode or French problems, and writes well-formed feeds, in bounded
time; never an unexpected exception.

Examples are derived from a fixed seed (`derandomize`), so that CI runs the same ones
every time; nothing is stored between runs."""

from __future__ import annotations

import json
import re
import tempfile
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import markdown
from helpers import VALID_EPISODE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from mkdocs_episodes.core.feeds import (
    Media,
    PublishedEpisode,
    api,
    atom,
    chapters_json,
    json_feed,
    rss,
)
from mkdocs_episodes.core.loader import load_episode
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.transcript import ChapterMark, transcript_html
from mkdocs_episodes.core.webvtt import WebVttError, read_webvtt

from .factory import SITE
from .factory import channel as feed_channel

FUZZ = settings(
    derandomize=True,
    database=None,
    max_examples=120,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow],
)

# Any character, lone surrogates included, and those Markdown and YAML give meaning to.
ANY_CHARACTER = st.characters(codec=None, categories=None)
MARKUP = st.sampled_from([*"[]()<>!*_`#->|:&;=\"'\\{}~^@/%\t\n\r ", "\u0085", "\u2028"])
TEXT = st.text(st.one_of(ANY_CHARACTER, MARKUP, st.sampled_from("aé 1\n")), max_size=300)

# Every field of an episode that holds text, and where it goes.
TEXT_FIELDS = [
    ("title",),
    ("summary",),
    ("notes",),
    ("slug",),
    ("poster",),
    ("duration",),
    ("date",),
    ("themes", 0),
    ("video", "id"),
    ("speakers", 0, "role"),
    ("speakers", 0, "name"),
    ("chapters", 0, "title"),
    ("chapters", 0, "start"),
    ("chapters", 0, "doctrine"),
    ("resources", 0, "title"),
    ("resources", 0, "url"),
    ("transcript", "text"),
    ("doctrine", 0),
]
BASE = {
    **VALID_EPISODE,
    "speakers": [{"role": "Référente", "organisation": "DINUM"}],
    "chapters": [{"start": 0, "title": "Début"}],
    "resources": [{"title": "Un guide", "url": "https://exemple.fr/"}],
    "doctrine": ["doctrine/page.md"],
}


def yaml_scalar(value: object) -> str:
    """A YAML double-quoted scalar as a publisher could write it: JSON's escapes, which
    YAML reads too, and a lone surrogate as its escape (it cannot be written as UTF-8)."""
    text = json.dumps(value, ensure_ascii=False)
    return "".join(f"\\u{ord(c):04x}" if "\ud800" <= c <= "\udfff" else c for c in text)


def yaml_of(data: dict) -> str:
    """The episode as YAML, in block style, every leaf a double-quoted scalar."""

    def lines(value: object, indent: str) -> list[str]:
        if isinstance(value, dict):
            out = []
            for key, item in value.items():
                if isinstance(item, dict | list):
                    out += [f"{indent}{key}:", *lines(item, indent + "  ")]
                else:
                    out.append(f"{indent}{key}: {yaml_scalar(item)}")
            return out
        out = []
        for item in value:
            if isinstance(item, dict | list):
                inner = lines(item, indent + "  ")
                out += [f"{indent}- {inner[0].lstrip()}", *inner[1:]]
            else:
                out.append(f"{indent}- {yaml_scalar(item)}")
        return out

    return "\n".join(lines(data, "")) + "\n"


def with_value(path: tuple, value: str) -> dict:
    data = json.loads(json.dumps(BASE))
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


@FUZZ
@given(field=st.sampled_from(TEXT_FIELDS), value=TEXT)
def test_any_text_in_any_field_gives_an_episode_or_french_problems(field, value):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder).resolve()
        (root / "episodes" / "media").mkdir(parents=True)
        (root / "episodes" / "media" / "poster.png").write_bytes(b"\x89PNG\r\n\x1a\n")
        path = root / "episodes" / "un-episode.yml"
        path.write_text(yaml_of(with_value(field, value)), encoding="utf-8")
        episode, problems = load_episode(path, root)
    for problem in problems:
        assert problem.message and problem.line >= 1 and problem.column >= 1
        # Never PyYAML's nor pydantic's own English wording pasted in.
        for english in ("YAML illisible", "should", "Input", "found", "expected"):
            assert english not in problem.message, problem
    if episode is not None:
        assert not any(FORBIDDEN.search(text) for text in strings(episode.model_dump()))


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [text for item in value for text in strings(item)] if isinstance(value, list) else []


# What no published text may hold (core/text.py's set, written again on purpose).
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


CUES = st.lists(st.tuples(st.floats(0, 36_000, allow_nan=False), TEXT), max_size=20)
CHAPTERS = st.lists(
    st.builds(ChapterMark, st.integers(0, 36_000), TEXT, st.just("chapitre-1")), max_size=5
)


@FUZZ
@given(text=TEXT, cues=CUES, chapters=CHAPTERS)
def test_any_transcript_renders_to_html(text, cues, chapters):
    html = transcript_html(text, cues, chapters)
    assert isinstance(html, str)
    assert "<script" not in html


@FUZZ
@given(text=TEXT)
def test_notes_the_model_accepts_render_with_python_markdown(text):
    try:
        episode = Episode.model_validate({**VALID_EPISODE, "notes": text})
    except ValidationError:
        return
    if episode.notes:
        markdown.markdown(episode.notes, extensions=["attr_list", "admonition", "toc"])


TIMING = st.from_regex(
    r"\A(?:[0-9]{2}:)?[0-9]{2}:[0-9]{2}\.[0-9]{3} --> (?:[0-9]{2}:)?[0-9]{2}:[0-9]{2}\.[0-9]{3}\Z"
)
VTT_LINE = st.one_of(TIMING, TEXT, st.just(""), st.just("-->"), st.just("NOTE"))


@FUZZ
@given(
    header=st.sampled_from(["WEBVTT", "WEBVTT - titre", "WEBVTTX", ""]), lines=st.lists(VTT_LINE)
)
def test_any_captions_give_cues_or_a_french_error(header, lines):
    text = "\n".join([header, "", *lines])
    try:
        cues = read_webvtt(text)
    except WebVttError as error:
        assert str(error).startswith("fichier WebVTT")
        return
    assert cues and all(isinstance(start, float) and start >= 0 for start, _ in cues)


@FUZZ
@given(
    title=TEXT,
    summary=TEXT,
    chapter=TEXT,
    speaker=TEXT,
    theme_label=TEXT,
    channel_title=TEXT,
)
def test_feeds_of_any_valid_episode_are_well_formed(
    title, summary, chapter, speaker, theme_label, channel_title
):
    try:
        episode = Episode.model_validate(
            {
                **VALID_EPISODE,
                "title": title,
                "summary": summary,
                "chapters": [{"start": 0, "title": chapter}],
                "speakers": [{"role": speaker, "organisation": "DINUM"}],
            }
        )
    except ValidationError:
        return
    item = PublishedEpisode(
        episode,
        url=SITE + "episodes/un-episode/",
        image=SITE + "poster.png",
        embed_page=SITE + "embed/",
        enclosure=Media(SITE + "son.ogg", "audio/ogg", 1234),
        themes=[("reseau", theme_label)],
    )
    channel = feed_channel(title=channel_title)
    for xml in (rss(channel, [item]), atom(channel, [item])):
        xml.encode("utf-8")
        ET.fromstring(xml)
    for text in (json_feed(channel, [item]), api(channel, [item]), chapters_json(item)):
        text.encode("utf-8")
        json.loads(text)
