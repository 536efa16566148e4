"""The two projects built for each size N, from the same synthetic episodes.

- ours: the repository's mkdocs.yml and site folders with the synthetic episodes instead
  of the repository's own, built by the `episodes` plugin;
- the baseline: a plain Material for MkDocs site with Material's defaults (search plugin
  on, default font, no custom_dir, navigation generated), one Markdown page per episode
  holding the same title, summary, chapters and transcript.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from mkdocs_episodes.core import urls
from mkdocs_episodes.core.timecode import clock
from mkdocs_episodes.core.webvtt import timestamp

from .repository import REPO, config, poster_sources, settings, site_files, site_folders, themes
from .synthetic import SyntheticEpisode


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def episode_yaml(episode: SyntheticEpisode) -> str:
    lines = [
        f"number: {episode.number}",
        f"slug: {episode.slug}",
        f"title: {_yaml_string(episode.title)}",
        f"date: {episode.date.isoformat()}",
        f"summary: {_yaml_string(episode.summary)}",
        f"duration: {episode.duration}",
        "speakers:",
        f"  - role: {_yaml_string(episode.speaker['role'])}",
        f"    organisation: {_yaml_string(episode.speaker['organisation'])}",
        "themes:",
        *(f"  - {theme}" for theme in episode.themes),
        "video:",
        *(f"  {key}: {value}" for key, value in episode.video.items()),
        f"poster: posters/episode-{episode.poster:02d}.png",
        "captions:",
        f"  - src: {episode.slug}/captions.fr.vtt",
        "    lang: fr",
        "transcript:",
        f"  file: {episode.slug}/transcription.md",
        "chapters:",
    ]
    for start, title, link in episode.chapters:
        lines += [f"  - start: {start}", f"    title: {_yaml_string(title)}"]
        if link:
            lines.append(f"    doctrine: {link}")
    if episode.doctrine:
        lines += ["doctrine:", *(f"  - {link}" for link in episode.doctrine)]
    return "\n".join(lines) + "\n"


def captions_vtt(episode: SyntheticEpisode) -> str:
    blocks = ["WEBVTT\n"]
    for start, end, text in episode.cues:
        blocks.append(f"{timestamp(start)} --> {timestamp(end)}\n{text}\n")
    return "\n".join(blocks)


def baseline_markdown(episode: SyntheticEpisode) -> str:
    chapters = "\n".join(f"- {clock(start)} — {title}" for start, title, _ in episode.chapters)
    transcript = "\n\n".join(episode.paragraphs)
    return (
        f"# {episode.title}\n\n{episode.summary}\n\n## Chapitres\n\n{chapters}\n\n"
        f"## Transcription\n\n{transcript}\n"
    )


def our_config() -> str:
    """The repository's mkdocs.yml with the synthetic themes added to its own, edited as
    text: it holds !ENV tags, which the build must resolve itself."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    block = "      themes:\n" + "".join(
        f"        {slug}: {_yaml_string(label)}\n" for slug, label in themes().items()
    )
    text, count = re.subn(r"^      themes:\n(?:        .*\n)+", block, text, flags=re.M)
    if count != 1:
        raise SystemExit("mkdocs.yml : bloc « themes: » du greffon episodes introuvable")
    return text


def write_our_project(project: Path, episodes: list[SyntheticEpisode]) -> None:
    project.mkdir(parents=True)
    (project / "mkdocs.yml").write_text(our_config(), encoding="utf-8")
    for part in site_folders():
        shutil.copytree(REPO / part, project / part)
    for name in site_files():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, project / name)
    folder = project / settings().episodes_dir
    (folder / "posters").mkdir(parents=True, exist_ok=True)
    for source in poster_sources():
        shutil.copy2(source, folder / "posters" / source.name)
    for episode in episodes:
        side = folder / episode.slug
        side.mkdir()
        (side / "transcription.md").write_text(
            "\n\n".join(episode.paragraphs) + "\n", encoding="utf-8"
        )
        (side / "captions.fr.vtt").write_text(captions_vtt(episode), encoding="utf-8")
        (folder / f"{episode.slug}.yml").write_text(episode_yaml(episode), encoding="utf-8")


def write_baseline_project(project: Path, episodes: list[SyntheticEpisode]) -> None:
    """Pages at docs/episodes/<slug>.md: MkDocs publishes them at the URLs of ours."""
    docs = project / "docs"
    (docs / urls.EPISODES).mkdir(parents=True)
    name = config().site_name
    (project / "mkdocs.yml").write_text(
        f"site_name: {_yaml_string(name)}\ntheme:\n  name: material\n", encoding="utf-8"
    )
    (docs / "index.md").write_text(
        f"# {name}\n\n"
        f"La mini-série vidéo des référents numérique écoresponsable : {len(episodes)} "
        "épisodes, chacun avec ses chapitres et sa transcription.\n",
        encoding="utf-8",
    )
    for episode in episodes:
        (docs / urls.EPISODES / f"{episode.slug}.md").write_text(
            baseline_markdown(episode), encoding="utf-8"
        )
