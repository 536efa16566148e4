"""`episodes media`: from a heavy master video to web-ready files, the frugal way.

The encoding itself is in `encoding.py`, the upload to object storage in `storage.py`,
the YAML's rewriting in `episode_yaml.py`. Everything is made in a temporary folder of
the cache (git-ignored) and moved into place only when all of it succeeded (and was
sent); the master is only ever read, wherever it is, and never copied into the
repository; the episode's YAML is rewritten with every comment and the key order kept,
after a backup in the cache folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import webvtt
from PIL import Image
from ruamel.yaml.comments import CommentedMap

from mkdocs_episodes.build import episode_yaml
from mkdocs_episodes.build.encoding import (
    MediaError,
    Plan,
    Target,
    encode,
    input_path,
    plan,
    probe,
    tool,
)
from mkdocs_episodes.build.storage import Store, sha256_of

# What the progress line calls the one ffmpeg run that makes every file.
ENCODING = "vidéos et sons"


def poster(master: Path, at: float, output: Path) -> None:
    """A WebP still from the master, at most 1280 pixels wide."""
    with tempfile.TemporaryDirectory() as folder:
        frame = Path(folder) / "frame.png"
        completed = subprocess.run(
            [
                tool("ffmpeg"),
                "-nostdin",
                "-hide_banner",
                "-loglevel",
                "error",
                "-y",
                "-ss",
                f"{at:.3f}",
                "-i",
                input_path(master),
                "-frames:v",
                "1",
                # Scaled by ffmpeg: a huge master's frame never reaches Pillow whole.
                "-vf",
                "scale='min(1280,iw)':-2",
                str(frame),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0 or not frame.is_file():
            raise MediaError(f"impossible d'extraire l'image à {at:.1f} s pour l'affiche")
        try:
            with Image.open(frame) as image:
                image = image.convert("RGB")
                if image.width > 1280:
                    image = image.resize(
                        (1280, round(image.height * 1280 / image.width)), Image.Resampling.LANCZOS
                    )
                image.save(output, "WEBP", quality=80, method=4)
        except (Image.DecompressionBombError, ValueError) as error:
            raise MediaError(f"affiche impossible à tirer de la vidéo ({error})") from None


def transcript_from_captions(captions: Path, pause: float = 1.2, sentences: int = 4) -> str:
    """A transcript draft: cues joined into paragraphs at long pauses or every few sentences."""
    paragraphs: list[list[str]] = [[]]
    previous_end = None
    count = 0
    for caption in webvtt.read(str(captions)):
        text = " ".join(caption.text.split())
        if not text:
            continue
        gap = caption.start_in_seconds - previous_end if previous_end is not None else 0
        if paragraphs[-1] and (gap >= pause or count >= sentences):
            paragraphs.append([])
            count = 0
        paragraphs[-1].append(text)
        count += text.count(".") + text.count("?") + text.count("!")
        previous_end = caption.end_in_seconds
    return "\n\n".join(" ".join(lines) for lines in paragraphs if lines) + "\n"


@dataclass
class Result:
    files: list[tuple[Path, int]] = field(default_factory=list)
    backup: Path | None = None
    transcript: Path | None = None
    # With object storage: the files sent, and those already stored (not sent again).
    sent: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Made:
    """A file made for the episode, as its YAML will describe it."""

    target: Target
    src: str
    size: int
    sha256: str


def prepare(
    master: Path,
    episode_file: Path,
    side_dir: Path,
    *,
    cache_dir: Path,
    store: Store | None = None,
    codec: str = "vp9",
    full_hd: bool = False,
    mp4: bool = True,
    poster_at: float | None = None,
    replace: bool = False,
    report: Callable[[str, float], None] = lambda name, share: None,
) -> Result:
    """Encode `master` (read where it is, never copied) and describe the files in the
    episode's YAML. With a `store`, renditions and sounds go to object storage and only
    the poster comes into the repository. Work happens in the cache folder; the
    publisher's files change only once everything is made (and sent)."""
    info = probe(master)
    steps = plan(info, codec=codec, full_hd=full_hd, mp4=mp4)
    local = [t.name for t in steps.targets] if store is None else []
    names = [*local, "poster.webp"]
    existing = [name for name in names if (side_dir / name).exists()]
    if existing and not replace:
        raise MediaError(
            f"{side_dir} contient déjà {', '.join(existing)} : rien n'a été écrit "
            "(relancez avec --remplacer pour les refaire ; les anciens seront sauvegardés)"
        )
    if master.resolve().parent == side_dir.resolve() and master.name in names:
        raise MediaError("le master porte le nom d'un fichier à produire : renommez-le")
    original, data = episode_yaml.load(episode_file)
    video = data.get("video")
    if isinstance(video, dict) and video.get("host"):
        raise MediaError(
            f"{episode_file} : la vidéo est hébergée par {video['host']} ; retirez host et id "
            "pour l'héberger sur le site avec ces fichiers"
        )
    if store is not None:
        store.check()
    backups = cache_dir / "sauvegardes"
    work_root = cache_dir / "encodage"
    work_root.mkdir(parents=True, exist_ok=True)
    result = Result()
    relative = side_dir.relative_to(episode_file.parent).as_posix()
    made: list[Made] = []
    with tempfile.TemporaryDirectory(prefix="media-", dir=work_root) as folder:
        work = Path(folder)
        _encode_all(master, steps, info.duration, work, poster_at, report)
        for target in steps.targets if store is not None else []:
            stored = store.upload(work / target.name, side_dir.name, target.mime, report)
            (result.sent if stored.sent else result.kept).append(target.name)
            made.append(Made(target, stored.url, stored.size, stored.sha256))
            result.files.append((work / target.name, stored.size))
        # Every file is made and sent: only now does anything change in the publisher's
        # folder. What it replaces goes to the cache folder, never beside it.
        side_dir.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for name in names:
            destination = side_dir / name
            if destination.exists():
                backups.mkdir(parents=True, exist_ok=True)
                shutil.move(destination, backups / f"{stamp}-{side_dir.name}-{name}")
            shutil.move(work / name, destination)
            result.files.append((destination, destination.stat().st_size))
    for target in steps.targets if store is None else []:
        path = side_dir / target.name
        made.append(Made(target, f"{relative}/{target.name}", path.stat().st_size, sha256_of(path)))
    _describe(data, made, relative, round(info.duration))
    result.transcript = _transcript_draft(data, episode_file, side_dir, relative)
    result.backup = episode_yaml.write(episode_file, data, original, backups)
    return result


def _encode_all(
    master: Path,
    steps: Plan,
    duration: float,
    work: Path,
    poster_at: float | None,
    report: Callable[[str, float], None],
) -> None:
    """Every planned file (one ffmpeg run) and the poster, into `work`."""
    encode(master, steps.targets, work, duration, lambda share: report(ENCODING, share))
    poster(master, poster_at if poster_at is not None else duration / 10, work / "poster.webp")
    report("poster.webp", 1.0)


def _describe(data: CommentedMap, made: list[Made], relative: str, duration: int) -> None:
    """The episode's fields for the files made, every comment of the YAML kept."""
    sources = [
        {"src": m.src, "type": m.target.mime, "height": m.target.height, "size": m.size,
         "sha256": m.sha256, "codecs": m.target.codecs}
        for m in made
        if m.target.kind == "video"
    ]  # fmt: skip
    video = data.get("video")
    if not isinstance(video, CommentedMap):
        episode_yaml.put(data, "video", {})
        video = data["video"]
    episode_yaml.put(video, "sources", sources)
    sounds = [
        {"src": m.src, "type": m.target.mime, "size": m.size, "sha256": m.sha256}
        for m in made
        if m.target.kind == "audio"
    ]
    if sounds:
        episode_yaml.put(data, "audio", sounds[0] if len(sounds) == 1 else sounds)
    episode_yaml.put(data, "poster", f"{relative}/poster.webp")
    episode_yaml.put(data, "duration", duration)


def _transcript_draft(
    data: CommentedMap, episode_file: Path, side_dir: Path, relative: str
) -> Path | None:
    """A transcript drafted from the first captions, when the episode has none."""
    captions = data.get("captions")
    if not captions or data.get("transcript"):
        return None
    first = (episode_file.parent / str(captions[0]["src"])).resolve()
    if not first.is_file():
        return None
    draft = side_dir / "transcription.md"
    written = None
    if not draft.exists():
        draft.write_text(transcript_from_captions(first), encoding="utf-8")
        written = draft
    episode_yaml.put(data, "transcript", {"file": f"{relative}/transcription.md"})
    return written


def progress_printer() -> Callable[[str, float], None]:
    """A bar redrawn on one line in a terminal; in a log (CI, a redirected output), a
    plain line every 10 %."""
    shown: dict[str, int] = {}
    interactive = sys.stderr.isatty()

    def show(name: str, share: float) -> None:
        percent = int(share * 100)
        if interactive:
            bar = "█" * (percent // 5) + "·" * (20 - percent // 5)
            print(
                f"\r{name} {bar} {percent:3d} %",
                end="\n" if percent >= 100 else "",
                file=sys.stderr,
            )
        elif percent // 10 > shown.get(name, -1):
            shown[name] = percent // 10
            print(f"{name} : {percent} %", file=sys.stderr)

    return show


def summary(master_size: int, files: list[tuple[Path, int]]) -> str:
    lines = [f"{'Fichier':<22} {'Avant':>12} {'Après':>12} {'Rapport':>8}"]
    for path, size in files:
        ratio = size / master_size if master_size else 0
        lines.append(
            f"{path.name:<22} {master_size:>12,} {size:>12,} {ratio:>8.3f}".replace(",", " ")
        )
    return "\n".join(lines)
