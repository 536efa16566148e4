"""`episodes media`: from a heavy master video to web-ready files, the frugal way.

The encoding itself is in `encoding.py`. Everything is made in a temporary folder
beside the episode's files and moved into place only when all of it succeeded; the
master is only ever read; the episode's YAML is updated with ruamel.yaml's round trip
(comments and key order kept), after a backup.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import webvtt
from PIL import Image
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from mkdocs_episodes.build.encoding import MediaError, encode, input_path, plan, probe, tool

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


def prepare(
    master: Path,
    episode_file: Path,
    side_dir: Path,
    *,
    codec: str = "vp9",
    full_hd: bool = False,
    mp4: bool = True,
    poster_at: float | None = None,
    replace: bool = False,
    report: Callable[[str, float], None] = lambda name, share: None,
) -> Result:
    info = probe(master)
    steps = plan(info, codec=codec, full_hd=full_hd, mp4=mp4)
    names = [t.name for t in steps.targets] + ["poster.webp"]
    existing = [name for name in names if (side_dir / name).exists()]
    if existing and not replace:
        raise MediaError(
            f"{side_dir} contient déjà {', '.join(existing)} : rien n'a été écrit "
            "(relancez avec --remplacer pour les refaire ; les anciens seront sauvegardés)"
        )
    if master.resolve().parent == side_dir.resolve() and master.name in names:
        raise MediaError("le master porte le nom d'un fichier à produire : renommez-le")
    yaml = YAML()
    yaml.preserve_quotes = True
    # The indentation publishers use (and `episodes new` writes): "  - item".
    yaml.indent(mapping=2, sequence=4, offset=2)
    original = episode_file.read_text(encoding="utf-8")
    data = yaml.load(original)
    if not isinstance(data, CommentedMap):
        raise MediaError(f"{episode_file} : un ensemble de champs est attendu")
    video = data.get("video")
    if isinstance(video, dict) and video.get("host"):
        raise MediaError(
            f"{episode_file} : la vidéo est hébergée par {video['host']} ; retirez host et id "
            "pour l'héberger sur le site avec ces fichiers"
        )
    side_dir.mkdir(parents=True, exist_ok=True)
    result = Result()
    with tempfile.TemporaryDirectory(prefix=".media-", dir=side_dir) as folder:
        work = Path(folder)
        encode(master, steps.targets, work, info.duration, lambda share: report(ENCODING, share))
        poster(
            master, poster_at if poster_at is not None else info.duration / 10, work / "poster.webp"
        )
        report("poster.webp", 1.0)
        # Every file is made: only now does anything change in the publisher's folder.
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for name in names:
            destination = side_dir / name
            if destination.exists():
                backup_dir = side_dir / ".sauvegardes"
                backup_dir.mkdir(exist_ok=True)
                destination.replace(backup_dir / f"{stamp}-{name}")
            (work / name).replace(destination)
            result.files.append((destination, destination.stat().st_size))
    relative = side_dir.relative_to(episode_file.parent).as_posix()
    sources = CommentedSeq()
    for target in steps.targets:
        if target.kind != "video":
            continue
        entry = CommentedMap()
        entry["src"] = f"{relative}/{target.name}"
        entry["type"] = target.mime
        entry["height"] = target.height
        entry["size"] = (side_dir / target.name).stat().st_size
        entry["codecs"] = target.codecs
        sources.append(entry)
    if not isinstance(video, CommentedMap):
        video = CommentedMap()
        data["video"] = video
    video["sources"] = sources
    audio_target = next(t for t in steps.targets if t.mime == "audio/ogg")
    audio = data.get("audio") if isinstance(data.get("audio"), CommentedMap) else CommentedMap()
    audio["src"] = f"{relative}/{audio_target.name}"
    audio["type"] = audio_target.mime
    audio["size"] = (side_dir / audio_target.name).stat().st_size
    data["audio"] = audio
    data["poster"] = f"{relative}/poster.webp"
    data["duration"] = round(info.duration)
    captions = data.get("captions")
    if captions and not data.get("transcript"):
        first = (episode_file.parent / str(captions[0]["src"])).resolve()
        if first.is_file():
            draft = side_dir / "transcription.md"
            if not draft.exists():
                draft.write_text(transcript_from_captions(first), encoding="utf-8")
                result.transcript = draft
            transcript = CommentedMap()
            transcript["file"] = f"{relative}/transcription.md"
            data["transcript"] = transcript
    backup = episode_file.with_name(f".{episode_file.name}.{stamp}.bak")
    backup.write_text(original, encoding="utf-8")
    result.backup = backup
    temporary = episode_file.with_name(f".{episode_file.name}.tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    temporary.replace(episode_file)
    return result


def progress_printer() -> Callable[[str, float], None]:
    """Percentages on one line in a terminal, every 10 % in a log."""
    shown: dict[str, int] = {}
    interactive = sys.stderr.isatty()

    def show(name: str, share: float) -> None:
        percent = int(share * 100)
        if interactive:
            print(f"\r{name} : {percent:3d} %", end="\n" if percent >= 100 else "", file=sys.stderr)
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
