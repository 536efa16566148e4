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


@dataclass(frozen=True)
class Presets:
    """Encoder speed and quality settings. The defaults were chosen by measurement on a
    2-core machine (`make bench-encodage`; figures, method and rule in bench/encoding.md):
    of the settings that make every default file within the master's duration on 2 cores
    (half the target of 2×) with every rendition's SSIM against the master ≥ 0.97 (0.95
    asked), the one that makes the fewest bytes. VP9's « good » mode, even at its fastest
    (`-cpu-used 5`; higher values change nothing there), missed the time target; its
    « realtime » mode at `-cpu-used 8` costs a third as much, and a higher CRF brings its
    files below the former ones."""

    vp9_deadline: str = "realtime"
    vp9_cpu_used: int = 8
    vp9_crf: int = 48
    x264_preset: str = "veryfast"


def plan(
    master: Probe, *, codec: str, full_hd: bool, mp4: bool, presets: Presets = Presets()
) -> Plan:
    """Renditions never taller than the master: « sobre » ≤ 480p, « standard » ≤ 720p;
    the sound alone twice, AAC (what every podcast app plays) and Opus (half the bytes)."""
    heights = sorted({min(480, master.height), min(720, master.height)})
    if full_hd and master.height > 720:
        heights.append(min(1080, master.height))
    result = Plan()
    for height in heights:
        if codec == "av1":
            video = ["-c:v", "libsvtav1", "-crf", "38", "-preset", "8", "-g", "240"]
            codecs = "av01, opus"
        else:
            video = _vp9(height, presets)
            codecs = "vp9, opus"
        result.targets.append(
            Target(
                f"video-{height}p.webm",
                "video",
                "video/webm",
                codecs,
                [*video, "-c:a", "libopus", "-b:a", "64k", "-ac", "2"],
                height,
            )
        )
    if mp4:
        height = min(720, master.height)
        result.targets.append(
            Target(
                f"video-{height}p.mp4",
                "video",
                "video/mp4",
                "avc1, mp4a",
                ["-c:v", "libx264", "-crf", "26", "-preset", presets.x264_preset,
                 "-profile:v", "main", "-g", "250",
                 "-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart"],
                height,
            )
        )  # fmt: skip
    # Speech: mono carries it whole, and 64 kbps AAC-LC (48 kbps Opus) keeps voices clear.
    result.targets.append(
        Target(
            "audio.m4a",
            "audio",
            "audio/mp4",
            "mp4a",
            ["-c:a", "aac", "-b:a", "64k", "-ac", "1", "-movflags", "+faststart"],
        )
    )
    result.targets.append(
        Target(
            "audio.opus",
            "audio",
            "audio/ogg",
            "opus",
            ["-c:a", "libopus", "-b:a", "48k", "-ac", "1"],
        )
    )
    return result


def _vp9(height: int, presets: Presets) -> list[str]:
    """VP9 at constrained quality (a quality target, variable bitrate), made fast: rows of a
    frame encoded in parallel (`-row-mt`), the frame cut in tile columns of at least 256
    pixels that threads share, and a speed preset (`-cpu-used`) chosen by measurement. Two
    threads each: the encoders of the one pass already run side by side."""
    width = height * 16 // 9
    tile_columns = 2 if width >= 1024 else 1 if width >= 512 else 0
    return ["-c:v", "libvpx-vp9", "-b:v", "0", "-crf", str(presets.vp9_crf), "-g", "250",
            "-deadline", presets.vp9_deadline, "-cpu-used", str(presets.vp9_cpu_used), "-row-mt", "1",
            "-tile-columns", str(tile_columns), "-threads", "2"]  # fmt: skip


def command(master: Path, targets: list[Target], outputs: dict[str, Path]) -> list[str]:
    """One ffmpeg command that decodes the master once and makes every target from that
    single pass: the picture is split (`split`) to one scaler per height, a height shared
    by two files (720p WebM and MP4) is scaled once and split again; the sound is split
    (`asplit`) to every file that carries it."""
    heights = sorted({t.height for t in targets if t.kind == "video" and t.height})
    graph: list[str] = []
    video_label: dict[str, str] = {}
    if heights:
        graph.append(_fan_out("[0:v:0]", [f"h{height}" for height in heights]))
        for height in heights:
            users = [t.name for t in targets if t.kind == "video" and t.height == height]
            labels = [f"v{height}_{index}" for index in range(len(users))]
            graph.append(_fan_out(f"[h{height}]scale=-2:{height},format=yuv420p,", labels))
            video_label.update(
                {name: f"[{label}]" for name, label in zip(users, labels, strict=True)}
            )
    graph.append(_fan_out("[0:a:0]", [f"a{index}" for index in range(len(targets))], "a"))
    arguments = [tool("ffmpeg"), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                 "-i", input_path(master), "-filter_complex", ";".join(graph)]  # fmt: skip
    for index, target in enumerate(targets):
        maps = ["-map", video_label[target.name]] if target.name in video_label else []
        maps += ["-map", f"[a{index}]"]
        # Same master, same bytes (no random Matroska id, no date): a re-run finds its
        # files already in object storage, under the same digest.
        arguments += [*maps, *target.arguments, "-fflags", "+bitexact", str(outputs[target.name])]
    return arguments


def _fan_out(source: str, labels: list[str], audio: str = "") -> str:
    """`source` to every label: `split=N[l0][l1]…` (`asplit` for sound), or a plain
    pass-through when one file alone uses it."""
    outputs = "".join(f"[{label}]" for label in labels)
    if len(labels) == 1:
        return f"{source}{audio}null{outputs}"
    return f"{source}{audio}split={len(labels)}{outputs}"


def encode(
    master: Path,
    targets: list[Target],
    folder: Path,
    duration: float,
    report: Callable[[float], None],
) -> None:
    """Every target into `folder` in one ffmpeg run, its progress read from `-progress`."""
    outputs = {target.name: folder / target.name for target in targets}
    arguments = command(master, targets, outputs)
    # Global options, placed before the first output.
    arguments[1:1] = ["-progress", "pipe:1", "-nostats"]
    process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    try:
        for line in process.stdout:
            if line.startswith("out_time_us=") and duration > 0:
                value = line.split("=", 1)[1].strip()
                if value.isdigit():
                    report(min(1.0, int(value) / 1_000_000 / duration))
        _, errors = process.communicate()
    finally:
        # Interrupted (Ctrl-C, a CI job cancelled): no ffmpeg left running behind us.
        if process.poll() is None:
            process.kill()
            process.communicate()
    if process.returncode != 0 and "No space left on device" in errors:
        raise MediaError(
            "disque plein en préparant les fichiers : libérez de la place, puis relancez la commande"
        )
    if process.returncode != 0:
        last = errors.strip().splitlines()[-1] if errors.strip() else "erreur inconnue"
        raise MediaError(f"ffmpeg a échoué en préparant les fichiers : {last}")
    report(1.0)
