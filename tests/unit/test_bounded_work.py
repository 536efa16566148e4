"""A pull request is untrusted input: what it can make the build do is bounded. Every
text and list has a length limit, transcripts are timed in linear time, Markdown shaped
to keep a renderer busy is refused before any renderer sees it, and a time budget is
the net under all of it."""

from __future__ import annotations

import random
import re
import threading
import time
from bisect import bisect_right
from pathlib import Path

import markdown
import pytest
from helpers import VALID_EPISODE, write_episode
from pydantic import ValidationError

from mkdocs_episodes.core.loader import load_episode
from mkdocs_episodes.core.messages import field_name, translate
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.transcript import ChapterMark, annotate, paragraph_starts, render

NBSP = "\u00a0"


def errors(**changes: object) -> dict[str, str]:
    data = {key: value for key, value in {**VALID_EPISODE, **changes}.items() if value is not None}
    with pytest.raises(ValidationError) as caught:
        Episode.model_validate(data)
    return {
        field_name(loc): message
        for loc, message in (translate(e, Episode) for e in caught.value.errors(include_url=False))
    }


def accepted(**changes: object) -> Episode:
    return Episode.model_validate({**VALID_EPISODE, **changes})


CHAPTER = {"start": 0, "title": "Début"}
SPEAKER = {"role": "Référente", "organisation": "DINUM"}


@pytest.mark.parametrize(
    ("changes", "field", "limit"),
    [
        ({"title": "t" * 201}, "title", "200"),
        ({"summary": "s" * 1001}, "summary", f"1{NBSP}000"),
        ({"notes": "n" * 20_001}, "notes", f"20{NBSP}000"),
        ({"transcript": {"text": "m " * 100_001}}, "transcript.text", f"200{NBSP}000"),
        ({"chapters": [{"start": 0, "title": "c" * 201}]}, "chapters[1].title", "200"),
        ({"speakers": [{**SPEAKER, "role": "r" * 201}]}, "speakers[1].role", "200"),
        ({"speakers": [{**SPEAKER, "name": "n" * 201}]}, "speakers[1].name", "200"),
        ({"poster": "p" * 301}, "poster", "300"),
        ({"doctrine": ["d" * 298 + ".md"]}, "doctrine[1]", "300"),
        (
            {"resources": [{"title": "R", "url": "https://exemple.fr/" + "u" * 2000}]},
            "resources[1].url",
            f"2{NBSP}000",
        ),
        ({"video": {"host": "dailymotion", "id": "x" * 201}}, "video.id", "200"),
    ],
)
def test_every_text_has_a_length_limit_said_in_french(changes, field, limit):
    assert errors(**changes) == {field: f"texte trop long : {limit} caractères au plus"}


def test_texts_at_their_limit_are_accepted():
    episode = accepted(
        title="t" * 200,
        summary="s" * 1000,
        notes="Des notes. " * 1818,
        transcript={"text": "Bonjour. " * 22_222},
    )
    assert len(episode.title) == 200 and len(episode.notes) <= 20_000


@pytest.mark.parametrize(
    ("field", "item", "limit"),
    [
        ("chapters", None, 200),
        ("resources", {"title": "Un guide", "url": "https://exemple.fr/"}, 100),
        ("themes", "reseau", 20),
        ("captions", {"src": "media/sous-titres.vtt"}, 10),
        ("speakers", SPEAKER, 20),
        ("doctrine", "doctrine/page.md", 20),
    ],
)
def test_every_list_has_a_length_limit_said_in_french(field, item, limit):
    items = [
        {"start": n, "title": f"Chapitre {n}"} if item is None else item for n in range(limit + 1)
    ]
    found = errors(**{field: items})
    assert found[field] == (f"liste trop longue : {limit} éléments au plus (trouvé {limit + 1})"), (
        found
    )
    assert accepted(**{field: items[:limit]}) if field not in {"themes", "doctrine"} else True


def test_self_hosted_renditions_are_limited_too():
    source = {"src": "media/v.webm", "type": "video/webm", "height": 360, "size": 1000}
    assert errors(video={"sources": [source] * 11}) == {
        "video.sources": "liste trop longue : 10 éléments au plus (trouvé 11)"
    }


# Transcript timing: the matching the transcript tests rely on, unchanged, in linear time.


def reference_starts(paragraphs: list[str], cues: list[tuple[float, str]]) -> list[float | None]:
    """The timing as it was first written (a scan of the spoken words per paragraph):
    the fast one must give the very same results."""
    from mkdocs_episodes.core.transcript import _opening, _words

    spoken, offsets, times, length = [" "], [], [], 1
    for start, text in cues:
        words = _words(text)
        if not words:
            continue
        offsets.append(length)
        times.append(start)
        part = " ".join(words) + " "
        spoken.append(part)
        length += len(part)
    stream = "".join(spoken)
    starts: list[float | None] = []
    position = 0
    for paragraph in paragraphs:
        opening = _opening(paragraph)
        needle = " " + " ".join(opening) + " "
        found = stream.find(needle, position) if opening else -1
        if found < 0:
            starts.append(None)
            continue
        starts.append(times[bisect_right(offsets, found + 1) - 1])
        position = found + len(needle) - 1
    return starts


def test_timing_gives_the_same_results_as_the_first_scan():
    generator = random.Random(20_240_720)
    vocabulary = ["bonjour", "et", "la", "vidéo", "sobre", "<i>la</i>", "&amp;", "été", "2024"]
    for _ in range(300):
        cues = [
            (round(generator.uniform(0, 600), 2), " ".join(generator.choices(vocabulary, k=k)))
            for k in generator.choices(range(0, 6), k=generator.randrange(0, 30))
        ]
        paragraphs = [
            " ".join(generator.choices(vocabulary, k=k))
            for k in generator.choices(range(0, 7), k=generator.randrange(0, 12))
        ]
        assert paragraph_starts(paragraphs, cues) == reference_starts(paragraphs, cues)


def spoken_cues(count: int) -> list[tuple[float, str]]:
    return [(n * 3.0, f"phrase numéro {n} dite à voix haute ici") for n in range(count)]


# Costs are measured in this thread's CPU time (time.thread_time), which other
# processes on a loaded machine do not inflate as they do wall-clock time.


def test_unmatched_paragraphs_cost_no_scan_of_the_captions():
    # Was some 15 minutes for 200,000 such paragraphs: each scanned all the captions.
    cues = spoken_cues(20_000)
    paragraphs = [f"jamais dit {n} ici" for n in range(50_000)]
    started = time.thread_time()
    starts = paragraph_starts(paragraphs, cues)
    elapsed = time.thread_time() - started
    assert starts == [None] * 50_000
    assert elapsed < 2, f"{elapsed:.2f} s"


def test_matched_paragraphs_are_timed_in_linear_time_too():
    cues = spoken_cues(20_000)
    paragraphs = [f"<p>Phrase numéro {n} dite, et la suite.</p>" for n in range(0, 20_000, 2)]
    chapters = [ChapterMark(n * 300, f"Chapitre {n}", f"chapitre-{n}") for n in range(200)]
    started = time.thread_time()
    html = annotate("\n".join(paragraphs), cues, chapters)
    elapsed = time.thread_time() - started
    assert html.count("data-start=") == 10_000
    assert html.count('class="ep-transcript-chapter"') == 200
    assert '<p data-start="6">' in html  # "phrase numéro 2" is the third cue
    assert elapsed < 2, f"{elapsed:.2f} s"


# Markdown shaped to keep a renderer busy: refused with a French message.

PATHOLOGICAL = {
    "20 000 « [ »": "[" * 20_000,
    "« [a]( » répété": "[a](" * 4_000,
    "« ![ » répété": "![" * 5_000,
    "crochets ouverts dans un long paragraphe": "[mot " * 40 + "mot " * 4_000,
    "crochets imbriqués": "[x " * 40 + "mot " * 4_000 + "]" * 40,
    "balises non fermées": "<a " * 201,
    "balises sur plusieurs lignes": "<a\n" * 201,
    "sections CDATA": "Texte <![CDATA[ x",
    "listes imbriquées": "- " * 1_000 + "fin",
    "citations imbriquées": ">" * 100 + " fin",
    "titres identiques": "# Titre\n\n" * 101,
    "titres soulignés": "Titre\n=\n\n" * 101,
    "marques d'emphase": "*a " * 2_001,
}


@pytest.mark.parametrize("shape", list(PATHOLOGICAL))
@pytest.mark.parametrize("field", ["notes", "transcript.text"])
def test_pathological_markdown_is_refused_before_rendering(shape, field):
    text = PATHOLOGICAL[shape]
    changes = {"notes": text} if field == "notes" else {"transcript": {"text": text}}
    message = errors(**changes)[field]
    assert re.search(r"trop|n'a pas sa place", message), message


# What Python-Markdown renders show notes with on the site (mkdocs.yml's extensions).
EXTENSIONS = ["attr_list", "admonition", "toc"]


def render_notes(text: str) -> float:
    converter = markdown.Markdown(extensions=EXTENSIONS)
    started = time.thread_time()
    converter.convert(text)
    return time.thread_time() - started


def fill(head: str, tail: str = "", size: int = 20_000) -> str:
    return head + "mot " * ((size - len(head) - len(tail)) // 4) + tail


# The worst notes still accepted, one shape at each limit (within 20,000 characters).
WORST_ACCEPTED = {
    "crochets ouverts en tête": fill("[x " * 25),
    "crochets imbriqués": fill("[x " * 25, "]" * 25),
    "images ouvertes": fill("![x " * 25),
    "liens ouverts": fill("[a](" * 25),
    "200 balises ouvertes": fill("<a " * 200),
    "200 balises sur plusieurs lignes": fill("<a\n" * 200),
    "200 attributs ouverts": fill('<a x="' * 200),
    "tout à la fois": fill("<a " * 200 + "[x " * 12 + "*a " * 1_500 + "# a\n" * 100),
    "listes imbriquées": "- " * 32 + "fin",
    "100 titres": "# a\n" * 100,
}


@pytest.mark.parametrize("shape", list(WORST_ACCEPTED))
def test_the_worst_accepted_notes_render_within_a_second(shape):
    text = WORST_ACCEPTED[shape]
    assert len(text) <= 20_000
    assert accepted(notes=text).notes
    assert render_notes(text) < 1


def test_ordinary_markdown_is_accepted():
    links = "\n".join(f"- [Lien {n}](https://exemple.fr/{n}) : un guide" for n in range(300))
    notes = (
        "## Pour aller plus loin\n\n"
        "Un texte avec un **gras**, une _emphase_, du `code`, une note [sic] et une "
        "<abbr title='Référentiel'>RGESN</abbr>.\n\n"
        "!!! note\n    Une remarque.\n\n"
        "1. un\n    - deux\n        - trois\n\n> Une citation.\n\n" + links
    )
    assert accepted(notes=notes[:20_000]).notes
    transcript = ("Bonjour et bienvenue [rires]. " * 20 + "\n\n") * 300
    assert accepted(transcript={"text": transcript[:200_000]}).transcript


def test_200_kb_of_brackets_in_notes_are_refused_at_once(tmp_path: Path):
    # Python-Markdown took hours on it.
    root = tmp_path.resolve()
    path = write_episode(root / "episodes", notes="[" * 200_000)
    started = time.thread_time()
    episode, problems = load_episode(path, root)
    assert time.thread_time() - started < 1
    assert episode is None
    assert [(p.field, p.message) for p in problems] == [
        ("notes", f"texte trop long : 20{NBSP}000 caractères au plus")
    ]


def test_a_long_transcript_renders_in_bounded_time():
    # markdown-it is linear; 200,000 characters of its costliest accepted shape.
    text = "[a](b) " * 28_571
    assert accepted(transcript={"text": text}).transcript
    started = time.thread_time()
    render(text)
    assert time.thread_time() - started < 5


# The time budget: the net under the limits.


def test_work_past_its_budget_stops_with_a_french_message():
    from mkdocs_episodes.core.time_budget import TimeBudgetExceeded, within

    started = time.perf_counter()
    with (
        pytest.raises(TimeBudgetExceeded) as caught,
        within(0.2, "le rendu de la transcription de episodes/01.yml"),
    ):
        while True:
            pass
    assert 0.2 <= time.perf_counter() - started < 1
    assert str(caught.value).startswith(
        "le rendu de la transcription de episodes/01.yml dépasse 0.2 s : "
    )


def test_work_within_its_budget_is_untouched_and_leaves_no_timer():
    import signal

    from mkdocs_episodes.core.time_budget import within

    handler = signal.getsignal(signal.SIGALRM)
    with within(5, "le rendu"):
        value = sum(range(1000))
    assert value == 499_500
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == handler


def test_an_enclosing_budget_keeps_running_and_ends_first_when_shorter():
    from mkdocs_episodes.core.time_budget import TimeBudgetExceeded, within

    with pytest.raises(TimeBudgetExceeded) as caught, within(0.3, "l'épisode"):
        with within(5, "la transcription"):
            pass
        while True:
            pass
    assert str(caught.value).startswith("l'épisode dépasse 0.3 s")
    with (
        pytest.raises(TimeBudgetExceeded) as caught,
        within(0.2, "l'épisode"),
        within(5, "la transcription"),
    ):
        while True:
            pass
    assert str(caught.value).startswith("l'épisode dépasse 0.2 s")


def test_outside_the_main_thread_the_budget_does_nothing():
    from mkdocs_episodes.core.time_budget import within

    done: list[bool] = []

    def work() -> None:
        with within(0.01, "le rendu"):
            time.sleep(0.05)
        done.append(True)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert done == [True]


def test_a_deadline_can_start_in_one_hook_and_stop_in_another():
    import signal

    from mkdocs_episodes.core.time_budget import Deadline, TimeBudgetExceeded

    deadline = Deadline(0.2, "le rendu de docs/page.md").start()
    with pytest.raises(TimeBudgetExceeded, match=r"^le rendu de docs/page\.md dépasse 0\.2 s"):
        while True:
            pass
    deadline.stop()
    deadline = Deadline(5, "le rendu").start()
    deadline.stop()
    deadline.stop()  # twice: harmless
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
