"""ffmpeg for `episodes media`: what the master holds (ffprobe), which files to make
from it, and the ffmpeg run that makes them.

ffmpeg and ffprobe run as subprocesses with argument lists (never a shell); a file
name is always passed absolute, so that no name can pass for an option.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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
            input_path(master),
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


def input_path(path: Path) -> str:
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
               "-i", input_path(master), "-map", "0:v:0?" if target.kind == "video" else "0:a:0",
               *(["-map", "0:a:0"] if target.kind == "video" else []),
               # Same master, same bytes (no random Matroska id, no date): a re-run
               # finds its files already in object storage, under the same digest.
               *target.arguments, "-fflags", "+bitexact",
               "-progress", "pipe:1", "-nostats", str(output)]  # fmt: skip
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
