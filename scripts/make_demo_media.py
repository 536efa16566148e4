#!/usr/bin/env python3
"""Generate the demo media committed with the site.

Outputs (relative to ``--out-root``, the repository root by default):

- ``episodes/demo-video-sobre/``: a self-hosted demo episode with two WebM
  renditions (VP9 + Opus), an audio-only track in AAC (``.m4a``, for podcast
  apps and older iPhones) and in Ogg Opus (lighter), French WebVTT
  captions, a Markdown transcript and a poster;
- ``episodes/posters/episode-01.png`` … ``episode-05.png``: posters for the
  episodes hosted by a third-party platform;
- ``episodes/posters/couverture-podcast.png``: the podcast's square cover.

Requirements: ffmpeg and ffprobe (with libvpx-vp9, libopus and drawtext),
espeak-ng with its French voice, the DejaVu fonts, and this repository's package
installed (`make install`), which brings Pillow.

The script is idempotent: every run rebuilds everything in a temporary folder
(bit-exact muxing, no random stream identifiers), then moves the files into
place, so a second run produces byte-identical files.

Usage::

    python scripts/make_demo_media.py [--out-root PATH]
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from mkdocs_episodes.core.webvtt import timestamp

# --- Content -----------------------------------------------------------------

# Each sentence is spoken as a whole; its caption may be split into several
# cues at natural breaks (the parts must join back into the sentence).
SENTENCES: tuple[tuple[str, ...], ...] = (
    (
        "Bienvenue dans cet épisode de démonstration",
        "de la série des référents numérique écoresponsable.",
    ),
    (
        "Cette vidéo est hébergée par le site lui-même,",
        "sans lecteur tiers ni traceur.",
    ),
    (
        "Elle pèse une centaine de kilo-octets,",
        "car une vidéo sobre se contente d'une définition adaptée à l'écran.",
    ),
    (
        "Les sous-titres, la transcription et les chapitres",
        "rendent son contenu accessible sans le son.",
    ),
    ("Vous pouvez aussi écouter seulement la bande sonore, plus légère encore.",),
    ("Merci de votre attention.",),
)

# Transcript paragraphs, as 0-based sentence indexes: one per chapter.
PARAGRAPHS: tuple[tuple[int, ...], ...] = ((0, 1), (2,), (3,), (4, 5))

# Sentences that open a chapter (0-based indexes: sentences 1, 3, 4 and 5).
CHAPTER_SENTENCES: tuple[int, ...] = (0, 2, 3, 4)

SERIES_NAME = "Référents numérique écoresponsable"

EPISODE_TITLES: tuple[str, ...] = (
    "Présentation du réseau des référents",
    "Les enjeux",
    "Les actions des ministères",
    "Le rôle de la DINUM",
    "Administrations, comment financer vos projets ? (FTAP)",
)

# --- Technical settings ------------------------------------------------------

ESPEAK_VOICE = "fr"
SPEECH_RATE = 22050  # espeak-ng's native output rate (Hz)
GAP_SECONDS = 0.4  # silence between two sentences
TAIL_MIN_SECONDS = 0.4  # minimal silence after the last sentence
# The total duration is rounded up to a multiple of this step so that it is
# a whole number of video frames and of audio samples (12 fps, 22.05/48 kHz).
DURATION_STEP_SECONDS = 0.5
FPS = 12
CAPTION_LINE_WIDTH = 42  # characters per caption line (two lines at most)

OPUS_BITRATE = "24k"
# Low for AAC-LC, but speech stays clear and all demo media stay under ~450 KB.
AAC_BITRATE = "20k"
# (file name, width, height, CRF): constant quality (CRF with -b:v 0), i.e.
# variable bitrate. Almost static pictures make the video stream tiny: most of
# each file is its speech track.
RENDITIONS: tuple[tuple[str, int, int, int], ...] = (
    ("video-240p.webm", 426, 240, 50),
    ("video-360p.webm", 640, 360, 50),
)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"

POSTER_SIZE = (1280, 720)
POSTER_BACKGROUND = "#000091"  # "Bleu France"
POSTER_FOREGROUND = "#ffffff"
POSTER_COLOURS = 8  # palette size after quantisation
POSTER_MARGIN = 96

DEMO_DIR = Path("episodes/demo-video-sobre")
POSTERS_DIR = Path("episodes/posters")

REQUIRED_TOOLS = ("ffmpeg", "ffprobe", "espeak-ng")


# --- Helpers -----------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    """One WebVTT cue, times in seconds."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Timeline:
    """Exact position of every sentence in the concatenated speech."""

    starts: tuple[float, ...]
    durations: tuple[float, ...]
    total: float


def run(args: list[str]) -> str:
    """Run a command without a shell; return its stdout, fail loudly."""
    result = subprocess.run(args, check=False, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"Command failed ({result.returncode}): {' '.join(args)}")
    return result.stdout


def ffmpeg(*args: str) -> None:
    """Run ffmpeg quietly, non-interactively, overwriting its outputs."""
    run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args])


def ffprobe_json(path: Path) -> dict:
    """Return ffprobe's description of the streams and container of a file."""
    out = run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=duration,format_name:"
            "stream=codec_type,codec_name,width,height,sample_rate,channels,duration_ts",
            "-of",
            "json",
            str(path),
        ]
    )
    return json.loads(out)


def wav_samples(path: Path) -> int:
    """Length of a mono PCM WAV file in samples, as measured by ffprobe."""
    stream = ffprobe_json(path)["streams"][0]
    if int(stream["sample_rate"]) != SPEECH_RATE:
        raise SystemExit(f"Unexpected sample rate in {path}: {stream['sample_rate']}")
    return int(stream["duration_ts"])


def check_tools() -> None:
    """Stop early with a clear message if an external tool is missing."""
    missing = [tool for tool in REQUIRED_TOOLS if shutil.which(tool) is None]
    if missing:
        raise SystemExit(f"Missing tools: {', '.join(missing)}")
    for font in (FONT_BOLD, FONT_REGULAR):
        if not font.is_file():
            raise SystemExit(f"Missing font: {font}")


# --- Speech ------------------------------------------------------------------


def synthesise_speech(work: Path) -> tuple[Path, Timeline]:
    """Speak every sentence, then join them with silences at sample precision."""
    sentence_wavs: list[Path] = []
    lengths: list[int] = []
    for index, parts in enumerate(SENTENCES, start=1):
        wav = work / f"sentence-{index}.wav"
        run(["espeak-ng", "-v", ESPEAK_VOICE, "-w", str(wav), " ".join(parts)])
        sentence_wavs.append(wav)
        lengths.append(wav_samples(wav))

    gap = round(GAP_SECONDS * SPEECH_RATE)
    starts: list[int] = []
    position = 0
    for length in lengths:
        starts.append(position)
        position += length + gap
    speech_end = starts[-1] + lengths[-1]
    step = round(DURATION_STEP_SECONDS * SPEECH_RATE)
    total = math.ceil((speech_end + round(TAIL_MIN_SECONDS * SPEECH_RATE)) / step) * step

    # Pad every sentence but the last with the gap, concatenate, then pad the
    # whole to the rounded total: all lengths are in samples, hence exact.
    inputs: list[str] = []
    chains: list[str] = []
    for index, wav in enumerate(sentence_wavs):
        inputs += ["-i", str(wav)]
        pad = f"apad=pad_len={gap}" if index < len(sentence_wavs) - 1 else "anull"
        chains.append(f"[{index}:a]{pad}[s{index}]")
    labels = "".join(f"[s{index}]" for index in range(len(sentence_wavs)))
    graph = ";".join(
        [
            *chains,
            f"{labels}concat=n={len(sentence_wavs)}:v=0:a=1[joined]",
            f"[joined]apad=whole_len={total}[speech]",
        ]
    )
    speech = work / "speech.wav"
    ffmpeg(
        *inputs,
        "-filter_complex",
        graph,
        "-map",
        "[speech]",
        "-c:a",
        "pcm_s16le",
        "-fflags",
        "+bitexact",
        "-flags:a",
        "+bitexact",
        str(speech),
    )
    measured = wav_samples(speech)
    if measured != total:
        raise SystemExit(f"Concatenated speech has {measured} samples, expected {total}")

    timeline = Timeline(
        starts=tuple(start / SPEECH_RATE for start in starts),
        durations=tuple(length / SPEECH_RATE for length in lengths),
        total=total / SPEECH_RATE,
    )
    return speech, timeline


# --- Text side files ---------------------------------------------------------


def build_cues(timeline: Timeline) -> list[Cue]:
    """One cue per sentence part; parts share their sentence's time by length."""
    cues: list[Cue] = []
    for parts, start, duration in zip(SENTENCES, timeline.starts, timeline.durations, strict=True):
        weights = [len(part) for part in parts]
        elapsed = 0
        for part, weight in zip(parts, weights, strict=True):
            cue_start = start + duration * elapsed / sum(weights)
            elapsed += weight
            cue_end = start + duration * elapsed / sum(weights)
            cues.append(Cue(cue_start, cue_end, part))
    return cues


def caption_lines(text: str, width: int = CAPTION_LINE_WIDTH) -> list[str]:
    """Split a cue into at most two balanced lines, only at spaces."""
    if len(text) <= width:
        return [text]
    words = text.split(" ")
    # Pick the break that makes the longer of the two lines shortest.
    best = min(
        range(1, len(words)),
        key=lambda cut: max(len(" ".join(words[:cut])), len(" ".join(words[cut:]))),
    )
    return [" ".join(words[:best]), " ".join(words[best:])]


def write_vtt(path: Path, cues: list[Cue]) -> None:
    """Write French WebVTT captions, at most two lines per cue."""
    blocks = ["WEBVTT\n"]
    for cue in cues:
        timing = f"{timestamp(cue.start)} --> {timestamp(cue.end)}"
        blocks.append("\n".join([timing, *caption_lines(cue.text)]) + "\n")
    path.write_text("\n".join(blocks), encoding="utf-8")


def write_transcript(path: Path) -> None:
    """Write the transcript as a few Markdown paragraphs, without a heading."""
    paragraphs = [" ".join(" ".join(SENTENCES[index]) for index in group) for group in PARAGRAPHS]
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


# --- Audio and video ---------------------------------------------------------


OPUS_ARGS: tuple[str, ...] = (
    "-c:a",
    "libopus",
    "-b:a",
    OPUS_BITRATE,
    "-vbr",
    "on",
    "-application",
    "voip",
    "-ac",
    "1",
    "-ar",
    "48000",
)

BITEXACT_ARGS: tuple[str, ...] = (
    "-map_metadata",
    "-1",
    "-fflags",
    "+bitexact",
    "-flags:v",
    "+bitexact",
    "-flags:a",
    "+bitexact",
)


def encode_audio(speech: Path, target: Path) -> None:
    """Encode the audio-only track as mono Ogg Opus."""
    ffmpeg("-i", str(speech), *OPUS_ARGS, *BITEXACT_ARGS, "-f", "ogg", str(target))


AAC_ARGS: tuple[str, ...] = (
    "-vn",
    "-c:a",
    "aac",
    "-b:a",
    AAC_BITRATE,
    "-ac",
    "1",
    "-ar",
    str(SPEECH_RATE),
    "-movflags",
    "+faststart",
)


def encode_aac(opus: Path, target: Path) -> None:
    """Encode the AAC copy of the audio-only track from the Opus one (so that one ffmpeg
    command rebuilds it alone: ffmpeg -i audio.opus <AAC_ARGS> <BITEXACT_ARGS> audio.m4a)."""
    ffmpeg("-i", str(opus), *AAC_ARGS, *BITEXACT_ARGS, "-f", "ipod", str(target))


def encode_video(
    speech: Path, target: Path, width: int, height: int, crf: int, total: float
) -> None:
    """Encode one WebM rendition: calm test pattern, title overlay, speech."""
    # SMPTE colour bars with a "Bleu France" band carrying the title, and a
    # seconds counter so that the picture visibly plays. The picture is drawn
    # at 640x360 then scaled, so that every rendition shows the same thing.
    # Only the counter changes (once a second): almost every frame is empty
    # for the encoder, hence a tiny video stream. (testsrc2, with its moving
    # gradients and noise, costs about ten times more.)
    bold, regular = FONT_BOLD, FONT_REGULAR
    video_filter = ",".join(
        [
            "drawbox=x=0:y=120:w=iw:h=120:color=0x000091:t=fill",
            f"drawtext=fontfile={bold}:text=Démonstration:fontsize=56"
            ":fontcolor=white:x=(w-text_w)/2:y=180-text_h/2",
            "drawbox=x=530:y=300:w=100:h=48:color=black:t=fill",
            f"drawtext=fontfile={regular}:text='%{{eif\\:t\\:d}} s':fontsize=28"
            ":fontcolor=white:x=620-text_w:y=310",
            f"scale={width}:{height}:flags=lanczos",
            "format=yuv420p",
        ]
    )
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        f"smptebars=size=640x360:rate={FPS}:duration={total}",
        "-i",
        str(speech),
        "-map",
        "0:v",
        "-map",
        "1:a",
        "-vf",
        video_filter,
        "-c:v",
        "libvpx-vp9",
        "-crf",
        str(crf),
        "-b:v",
        "0",
        "-deadline",
        "good",
        "-cpu-used",
        "1",
        "-row-mt",
        "0",
        "-threads",
        "1",
        "-g",
        str(FPS * 10),
        *OPUS_ARGS,
        *BITEXACT_ARGS,
        "-t",
        f"{total}",
        "-f",
        "webm",
        str(target),
    )


# --- Posters -----------------------------------------------------------------


def wrap_to_width(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    """Greedy word wrap by rendered pixel width."""
    lines: list[str] = []
    current = ""
    # Split on plain spaces only: no-break spaces must keep words together.
    for word in text.split(" "):
        candidate = f"{current} {word}".strip()
        if current and draw.textlength(candidate, font=font) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def new_poster() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """Start a poster: plain background, short rule and series name at the top."""
    image = Image.new("RGB", POSTER_SIZE, POSTER_BACKGROUND)
    draw = ImageDraw.Draw(image)
    small = ImageFont.truetype(str(FONT_REGULAR), 32)
    draw.rectangle(
        (POSTER_MARGIN, POSTER_MARGIN, POSTER_MARGIN + 96, POSTER_MARGIN + 6),
        fill=POSTER_FOREGROUND,
    )
    draw.text((POSTER_MARGIN, POSTER_MARGIN + 32), SERIES_NAME, font=small, fill=POSTER_FOREGROUND)
    return image, draw


def save_poster(image: Image.Image, path: Path) -> None:
    """Save as a palette PNG: a few colours (background, white, antialiasing)."""
    palette = image.quantize(colors=POSTER_COLOURS, dither=Image.Dither.NONE)
    palette.save(path, format="PNG", optimize=True)


def draw_episode_poster(path: Path, number: int, title: str) -> None:
    """Draw a third-party-hosted episode's poster: « Épisode N » and its title."""
    image, draw = new_poster()
    medium = ImageFont.truetype(str(FONT_REGULAR), 44)
    # French typography: narrow no-break space before « ? », « ! », « ; », « : ».
    for mark in "?!;:":
        title = title.replace(f" {mark}", f"\u202f{mark}")

    # Title: the largest size (down to a floor) that fits in three lines.
    available = POSTER_SIZE[0] - 2 * POSTER_MARGIN
    for size in (84, 76, 68, 60, 52):
        big = ImageFont.truetype(str(FONT_BOLD), size)
        lines = wrap_to_width(draw, title, big, available)
        if len(lines) <= 3:
            break
    line_height = round(big.size * 1.2)
    title_top = POSTER_SIZE[1] - POSTER_MARGIN - line_height * len(lines)
    for index, line in enumerate(lines):
        draw.text(
            (POSTER_MARGIN, title_top + index * line_height),
            line,
            font=big,
            fill=POSTER_FOREGROUND,
        )
    # Kicker right above the title.
    draw.text(
        (POSTER_MARGIN, title_top - 84), f"Épisode {number}", font=medium, fill=POSTER_FOREGROUND
    )
    save_poster(image, path)


def draw_demo_poster(path: Path) -> None:
    """Draw the demo episode's poster: « Démonstration » and its tagline."""
    image, draw = new_poster()
    big = ImageFont.truetype(str(FONT_BOLD), 96)
    medium = ImageFont.truetype(str(FONT_REGULAR), 44)
    bottom = POSTER_SIZE[1] - POSTER_MARGIN
    draw.text((POSTER_MARGIN, bottom - 200), "Démonstration", font=big, fill=POSTER_FOREGROUND)
    draw.text(
        (POSTER_MARGIN, bottom - 60),
        "Une vidéo sobre, hébergée par le site",
        font=medium,
        fill=POSTER_FOREGROUND,
    )
    save_poster(image, path)


def draw_podcast_cover(path: Path) -> None:
    """Draw the podcast's square cover (1400 px: Apple's smallest accepted side), the
    source of the cover the build publishes (`podcast.cover` in mkdocs.yml)."""
    side = 1400
    image = Image.new("RGB", (side, side), POSTER_BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = 140
    draw.rectangle((margin, margin, margin + 180, margin + 12), fill=POSTER_FOREGROUND)
    big = ImageFont.truetype(str(FONT_BOLD), 120)
    medium = ImageFont.truetype(str(FONT_REGULAR), 64)
    lines = wrap_to_width(draw, SERIES_NAME, big, side - 2 * margin)
    top = side - margin - 140 - len(lines) * 150
    for index, line in enumerate(lines):
        draw.text((margin, top + index * 150), line, font=big, fill=POSTER_FOREGROUND)
    draw.text((margin, side - margin - 80), "La mini-série", font=medium, fill=POSTER_FOREGROUND)
    save_poster(image, path)


# --- Verification ------------------------------------------------------------


def verify_vtt(path: Path, expected_cues: int) -> None:
    """Check the WebVTT structure: header, blank line, timed cues in order."""
    text = path.read_text(encoding="utf-8")
    blocks = text.strip("\n").split("\n\n")
    if blocks[0] != "WEBVTT":
        raise SystemExit(f"{path}: bad header {blocks[0]!r}")
    previous_end = 0.0
    for block in blocks[1:]:
        lines = block.split("\n")
        start_text, arrow, end_text = lines[0].partition(" --> ")
        if not arrow or len(lines) < 2:
            raise SystemExit(f"{path}: malformed cue {block!r}")
        start, end = parse_vtt_timestamp(start_text), parse_vtt_timestamp(end_text)
        if not previous_end <= start < end:
            raise SystemExit(f"{path}: cue times out of order in {block!r}")
        previous_end = end
    if len(blocks) - 1 != expected_cues:
        raise SystemExit(f"{path}: {len(blocks) - 1} cues, expected {expected_cues}")


def parse_vtt_timestamp(value: str) -> float:
    """Parse HH:MM:SS.mmm, strictly."""
    hours, minutes, rest = value.split(":")
    seconds, millis = rest.split(".")
    if len(hours) != 2 or len(minutes) != 2 or len(seconds) != 2 or len(millis) != 3:
        raise SystemExit(f"Bad WebVTT timestamp: {value!r}")
    return int(hours) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def verify_media(demo: Path, total: float) -> list[str]:
    """Probe the renditions and the audio track; return a human summary."""
    report: list[str] = []
    for name, width, height, _crf in RENDITIONS:
        info = ffprobe_json(demo / name)
        streams = {stream["codec_type"]: stream for stream in info["streams"]}
        video, audio = streams.get("video"), streams.get("audio")
        duration = float(info["format"]["duration"])
        problems = []
        if video is None or video["codec_name"] != "vp9":
            problems.append("no VP9 video stream")
        elif (video["width"], video["height"]) != (width, height):
            problems.append(f"size {video['width']}x{video['height']}")
        if audio is None or audio["codec_name"] != "opus" or audio["channels"] != 1:
            problems.append("no mono Opus audio stream")
        if abs(duration - total) > 0.1:
            problems.append(f"duration {duration:.3f} s")
        if problems:
            raise SystemExit(f"{name}: {', '.join(problems)}")
        report.append(
            f"{name}: {info['format']['format_name']}, vp9 {video['width']}x{video['height']}"
            f", opus {audio['sample_rate']} Hz mono, {duration:.3f} s"
        )
    info = ffprobe_json(demo / "audio.opus")
    audio = info["streams"][0]
    duration = float(info["format"]["duration"])
    if audio["codec_name"] != "opus" or audio["channels"] != 1 or abs(duration - total) > 0.1:
        raise SystemExit(f"audio.opus: unexpected {audio} / {duration:.3f} s")
    report.append(
        f"audio.opus: {info['format']['format_name']}, opus {audio['sample_rate']} Hz mono"
        f", {duration:.3f} s"
    )
    info = ffprobe_json(demo / "audio.m4a")
    audio = info["streams"][0]
    duration = float(info["format"]["duration"])
    if audio["codec_name"] != "aac" or audio["channels"] != 1 or abs(duration - total) > 0.1:
        raise SystemExit(f"audio.m4a: unexpected {audio} / {duration:.3f} s")
    report.append(f"audio.m4a: aac {audio['sample_rate']} Hz mono, {duration:.3f} s")
    return report


# --- Main --------------------------------------------------------------------


def build(staging: Path, work: Path) -> tuple[Timeline, list[Cue]]:
    """Produce every output file under ``staging`` (same layout as the target)."""
    demo = staging / DEMO_DIR
    posters = staging / POSTERS_DIR
    demo.mkdir(parents=True)
    posters.mkdir(parents=True)

    speech, timeline = synthesise_speech(work)
    cues = build_cues(timeline)
    write_vtt(demo / "captions.fr.vtt", cues)
    verify_vtt(demo / "captions.fr.vtt", len(cues))
    write_transcript(demo / "transcription.md")
    encode_audio(speech, demo / "audio.opus")
    encode_aac(demo / "audio.opus", demo / "audio.m4a")
    for name, width, height, crf in RENDITIONS:
        encode_video(speech, demo / name, width, height, crf, timeline.total)

    draw_demo_poster(demo / "poster.png")
    draw_podcast_cover(posters / "couverture-podcast.png")
    for number, title in enumerate(EPISODE_TITLES, start=1):
        draw_episode_poster(posters / f"episode-{number:02d}.png", number, title)
    return timeline, cues


def install(staging: Path, out_root: Path) -> list[Path]:
    """Move the staged files into place, replacing older versions."""
    installed: list[Path] = []
    for source in sorted(path for path in staging.rglob("*") if path.is_file()):
        relative = source.relative_to(staging)
        target = out_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        # Same file system (staging lives under out_root): atomic replacement.
        source.replace(target)
        installed.append(relative)
    return installed


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out-root",
        type=Path,
        default=Path(__file__).resolve().parent.parent,
        help="folder receiving episodes/… (default: the repository root)",
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    out_root: Path = args.out_root.resolve()
    check_tools()
    out_root.mkdir(parents=True, exist_ok=True)

    # Staging under out_root so that the final moves are atomic renames.
    with (
        tempfile.TemporaryDirectory(prefix=".make-demo-media-", dir=out_root) as staging_dir,
        tempfile.TemporaryDirectory(prefix="make-demo-media-work-") as work_dir,
    ):
        staging = Path(staging_dir) / "out"
        timeline, cues = build(staging, Path(work_dir))
        report = verify_media(staging / DEMO_DIR, timeline.total)
        installed = install(staging, out_root)

    # Summary table.
    sizes = {path: (out_root / path).stat().st_size for path in installed}
    name_width = max(len(str(path)) for path in installed)
    print(f"{'file':<{name_width}}  {'bytes':>8}")
    for path, size in sizes.items():
        print(f"{path!s:<{name_width}}  {size:>8}")
    print(f"{'total':<{name_width}}  {sum(sizes.values()):>8}")

    print()
    print("Verification (ffprobe):")
    for line in report:
        print(f"  {line}")
    print(f"  captions.fr.vtt: WEBVTT header, {len(cues)} well-formed cues in order")

    print()
    print(f"Total duration: {timeline.total:.3f} s")
    print("Chapter starts (sentence: exact start → whole seconds, rounded down):")
    for index in CHAPTER_SENTENCES:
        start = timeline.starts[index]
        print(f"  sentence {index + 1}: {start:.3f} s → {math.floor(start)} s")
    print("Sentence timings:")
    for index, (start, duration) in enumerate(
        zip(timeline.starts, timeline.durations, strict=True), start=1
    ):
        print(f"  sentence {index}: {start:.3f} → {start + duration:.3f} s")
    print("Renditions:")
    for name, _width, height, _crf in RENDITIONS:
        print(f"  {name}: height {height} px, {sizes[DEMO_DIR / name]} bytes")


if __name__ == "__main__":
    main()
