"""Under `mkdocs serve`, an episode is read again only when one of its files changed, and
the gate judges every path at every rebuild all the same."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mkdocs_episodes.core import episode_memo
from mkdocs_episodes.core.episode_memo import EpisodeMemo
from mkdocs_episodes.core.gate import forget
from mkdocs_episodes.core.loader import load_episodes, read_episodes, read_files

from .factory import add_captions, add_episode


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "repo" / "episodes").mkdir(parents=True)
    return (tmp_path / "repo").resolve()


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    # The files of a test are seconds old: taken as settled at once.
    monkeypatch.setattr(episode_memo, "SETTLED_NS", 0)


def _load(root: Path, memo: EpisodeMemo):
    # As every check of the site starts: links may have changed since the last one.
    forget()
    return load_episodes(root / "episodes", root, {"reseau"}, read=memo.reader(read_files))


def test_unchanged_files_are_not_read_again(root, settled):
    add_episode(root, 1, "premier", captions=[add_captions(root)])
    add_episode(root, 2, "second")
    memo = EpisodeMemo()
    first = _load(root, memo).episodes
    assert (memo.reused, memo.read) == (0, 2)
    again = _load(root, memo).episodes
    assert (memo.reused, memo.read) == (2, 0)
    assert [a is b for a, b in zip(first, again, strict=True)] == [True, True]


def test_an_edited_episode_or_side_file_is_read_again(root, settled):
    path = add_episode(root, 1, "premier", captions=[add_captions(root)])
    add_episode(root, 2, "second")
    memo = EpisodeMemo()
    _load(root, memo)
    path.write_text(path.read_text(encoding="utf-8").replace("Épisode premier", "Nouveau"))
    assert [e.title for e in _load(root, memo).episodes] == ["Nouveau", "Épisode second"]
    assert (memo.reused, memo.read) == (1, 1)
    add_captions(root, text="WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nAutre texte.\n")
    (episode, _second) = _load(root, memo).episodes
    assert [cue[-1] for cue in episode.origin.cues] == ["Autre texte."]
    assert (memo.reused, memo.read) == (1, 1)


def test_a_folder_turned_into_a_link_outside_is_refused_though_its_files_are_the_same(
    root, settled
):
    add_episode(root, 1, "premier", captions=[add_captions(root)])
    memo = EpisodeMemo()
    assert len(_load(root, memo).episodes) == 1
    # The same files, moved out of the repository and reached through a link.
    outside = root.parent / "ailleurs"
    shutil.move(root / "episodes" / "media", outside)
    (root / "episodes" / "media").symlink_to(outside, target_is_directory=True)
    forget()
    result = read_episodes(root / "episodes", root, {"reseau"}, read=memo.reader(read_files))
    assert result.episodes == []
    assert {(p.field, "mène hors du dépôt" in p.message) for p in result.errors} == {
        ("poster", True),
        ("captions[1].src", True),
    }


def test_a_file_changed_just_before_its_reading_is_read_again(root):
    add_episode(root, 1, "premier")
    memo = EpisodeMemo()
    _load(root, memo)
    _load(root, memo)
    # Written less than SETTLED_NS ago: a save may have landed while it was read.
    assert (memo.reused, memo.read) == (0, 1)
