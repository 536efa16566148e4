"""`episodes media`: from a heavy master video to web-ready files, the frugal way.

ffmpeg and ffprobe run as subprocesses with argument lists (never a shell). Everything
is made in a temporary folder beside the episode's files and moved into place only when
all of it succeeded; the master is only ever read; the episode's YAML is updated with
ruamel.yaml's round trip (comments and key order kept), after a backup.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import webvtt
from PIL import Image
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq


class MediaError(Exception):
    """A problem to report to the publisher, in French."""


@dataclass(frozen=True)
class Probe:
    duration: float
    width: int
    height: int
    video_codec: str
    size: int


@dataclass(frozen=True)
class Target:
    """One file to make."""

    name: str
    kind: str  # "video", "audio"
    mime: str
    codecs: str
    arguments: list[str]
    height: int | None = None


@dataclass
class Plan:
    targets: list[Target] = field(default_factory=list)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise MediaError(
            f"{name} est introuvable : installez ffmpeg (paquet Debian « ffmpeg ») pour préparer les vidéos"
        )
    return path


def _inspect(master: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """ffprobe's view of a file, and its first video stream; MediaError if it has none."""
    if not master.is_file():
        raise MediaError(f"{master} : fichier introuvable")
    try:
        with master.open("rb") as handle:
            handle.read(1)
    except OSError as error:
        raise MediaError(f"{master} : fichier illisible ({error.strerror})") from None
    completed = subprocess.run(
        [
            tool("ffprobe"),
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
            _input(master),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        data = json.loads(completed.stdout or "{}")
    except json.JSONDecodeError:
        data = {}
    streams = data.get("streams", [])
    videos = [
        s
        for s in streams
        if s.get("codec_type") == "video" and s.get("disposition", {}).get("attached_pic") != 1
    ]
    if completed.returncode != 0 or not videos:
        raise MediaError(
            f"{master} n'est pas une vidéo lisible : ffprobe n'y trouve aucune piste vidéo"
        )
    return data, videos[0]


def _input(path: Path) -> str:
    """A file ffmpeg reads, as an absolute path: a name starting with « - » would
    otherwise be taken for an option."""
    return str(path.absolute())


def video_height(path: Path) -> int:
    """The height of a video file's picture, as ffprobe reads it."""
    return int(_inspect(path)[1].get("height", 0))


def probe(master: Path) -> Probe:
    data, video = _inspect(master)
    if not any(s.get("codec_type") == "audio" for s in data.get("streams", [])):
        raise MediaError(
            f"{master} n'a pas de piste son : un épisode sans son n'est pas prévu (fournissez le master avec son audio)"
        )
    try:
        duration = float(data["format"]["duration"])
    except (KeyError, ValueError):
        raise MediaError(f"{master} : durée illisible") from None
    return Probe(
        duration=duration,
        width=int(video.get("width", 0)),
        height=int(video.get("height", 0)),
        video_codec=str(video.get("codec_name", "?")),
        size=master.stat().st_size,
    )


def plan(master: Probe, *, codec: str, full_hd: bool, mp4: bool, aac: bool) -> Plan:
    """Renditions never taller than the master: « sobre » ≤ 480p, « standard » ≤ 720p."""
    heights = sorted({min(480, master.height), min(720, master.height)})
    if full_hd and master.height > 720:
        heights.append(min(1080, master.height))
    result = Plan()
    for height in heights:
        scale = ["-vf", f"scale=-2:{height}", "-pix_fmt", "yuv420p"]
        if codec == "av1":
            video = ["-c:v", "libsvtav1", "-crf", "38", "-preset", "8", "-g", "240"]
            codecs = "av01, opus"
        else:
            # Constrained quality: variable bitrate driven by a quality target (VBR).
            video = ["-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "36", "-row-mt", "1",
                     "-deadline", "good", "-cpu-used", "4"]  # fmt: skip
            codecs = "vp9, opus"
        result.targets.append(
            Target(
                f"video-{height}p.webm",
                "video",
                "video/webm",
                codecs,
                [*scale, *video, "-c:a", "libopus", "-b:a", "64k", "-ac", "2"],
                height,
            )
        )
    if mp4:
        height = heights[-1] if not full_hd else min(720, master.height)
        result.targets.append(
            Target(
                f"video-{height}p.mp4",
                "video",
                "video/mp4",
                "avc1, mp4a",
                [
                    "-vf",
                    f"scale=-2:{height}",
                    "-pix_fmt",
                    "yuv420p",
                    "-c:v",
                    "libx264",
                    "-crf",
                    "26",
                    "-preset",
                    "medium",
                    "-profile:v",
                    "main",
                    "-c:a",
                    "aac",
                    "-b:a",
                    "96k",
                    "-movflags",
                    "+faststart",
                ],
                height,
            )
        )
    if aac:
        result.targets.append(
            Target(
                "audio.m4a",
                "audio",
                "audio/mp4",
                "mp4a",
                ["-vn", "-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart"],
            )
        )
    else:
        result.targets.append(
            Target(
                "audio.opus",
                "audio",
                "audio/ogg",
                "opus",
                ["-vn", "-c:a", "libopus", "-b:a", "48k", "-ac", "1"],
            )
        )
    return result


def encode(
    master: Path,
    target: Target,
    output: Path,
    duration: float,
    report: Callable[[str, float], None],
) -> None:
    """One ffmpeg run, its progress read from `-progress`."""
    command = [tool("ffmpeg"), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
               "-i", _input(master), "-map", "0:v:0?" if target.kind == "video" else "0:a:0",
               *(["-map", "0:a:0"] if target.kind == "video" else []),
               *target.arguments, "-progress", "pipe:1", "-nostats", str(output)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    try:
        for line in process.stdout:
            if line.startswith("out_time_us=") and duration > 0:
                value = line.split("=", 1)[1].strip()
                if value.isdigit():
                    report(target.name, min(1.0, int(value) / 1_000_000 / duration))
        _, errors = process.communicate()
    finally:
        # Interrupted (Ctrl-C, a CI job cancelled): no ffmpeg left running behind us.
        if process.poll() is None:
            process.kill()
            process.communicate()
    if process.returncode != 0 and "No space left on device" in errors:
        raise MediaError(
            f"disque plein en préparant {target.name} : libérez de la place, puis relancez la commande"
        )
    if process.returncode != 0:
        raise MediaError(
            f"ffmpeg a échoué pour {target.name} : {errors.strip().splitlines()[-1] if errors.strip() else 'erreur inconnue'}"
        )
    report(target.name, 1.0)


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
                _input(master),
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
    aac: bool = False,
    poster_at: float | None = None,
    replace: bool = False,
    report: Callable[[str, float], None] = lambda name, share: None,
) -> Result:
    info = probe(master)
    steps = plan(info, codec=codec, full_hd=full_hd, mp4=mp4, aac=aac)
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
        for target in steps.targets:
            encode(master, target, work / target.name, info.duration, report)
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
    audio_target = next(t for t in steps.targets if t.kind == "audio")
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
