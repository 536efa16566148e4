"""`episodes media` on a real synthetic master (ffmpeg test pattern, espeak-ng speech)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_site, run_episodes

EPISODE = """# yaml-language-server: $schema=../schema/episode.schema.json
# Un commentaire du publieur, à garder.
number: 7
slug: test-media
title: Test média  # commentaire en fin de ligne
date: 2025-01-01
summary: Un épisode préparé par la commande media.
themes:
  - video-sobre
video:  # hébergée par le site
  # Les fichiers : remplis par episodes media.
  sources: []  # vide pour l'instant
  # Un commentaire après video.sources, à garder.
poster: demo-video-sobre/poster.png  # affiche provisoire
captions:
  - src: demo-video-sobre/captions.fr.vtt
    lang: fr  # langue
# Un commentaire final.
"""
COMMENTS = [line.split("#", 1)[1] for line in EPISODE.splitlines() if "#" in line]


def run_media(project: Path, *arguments: str, env: dict[str, str] | None = None):
    """`episodes media` with the project's own cache folder (backups, work files)."""
    env = {**(env or os.environ), "NO_MKDOCS_2_WARNING": "1"}
    env["EPISODES_CACHE_DIR"] = str(project / ".cache" / "episodes")
    return run_episodes(project, "media", *arguments, env=env)


def ffprobe(path: Path) -> dict:
    completed = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def masters(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("masters")
    speech = folder / "voix.wav"
    subprocess.run(
        [
            "espeak-ng",
            "-v",
            "fr",
            "-w",
            str(speech),
            "Bonjour. Ceci est la vidéo master d'un épisode de test.",
        ],
        check=True,
    )

    def pattern(output: Path, size: str, seconds: str, *extra: str) -> Path:
        """An ffmpeg test pattern, encoded fast in H.264."""
        command = ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", f"testsrc2=size={size}:rate=25"]
        command += [*extra, "-t", seconds, "-c:v", "libx264", "-preset", "ultrafast", str(output)]
        subprocess.run(command, check=True)
        return output

    # A heavy 1080p master with speech padded with silence (both tracks last 4 s), and a
    # video without any sound track.
    master = pattern(
        folder / "master.mp4",
        "1920x1080",
        "4",
        "-i",
        str(speech),
        "-crf",
        "18",
        "-af",
        "apad",
        "-c:a",
        "aac",
    )
    silent = pattern(folder / "muet.mp4", "640x360", "1")
    text = folder / "pas-une-video.mp4"
    text.write_text("Ceci n'est pas une vidéo.", encoding="utf-8")
    broken = folder / "tronquee.mp4"
    broken.write_bytes(master.read_bytes()[:2000])
    return {"master": master, "silent": silent, "text": text, "broken": broken}


@pytest.fixture(scope="module")
def prepared(masters, tmp_path_factory):
    project = copy_site(tmp_path_factory.mktemp("media"))
    (project / "episodes" / "07-test-media.yml").write_text(EPISODE, encoding="utf-8")
    before = digest(masters["master"])
    result = run_media(project, str(masters["master"]), "--episode", "test-media")
    assert result.returncode == 0, result.stdout + result.stderr
    assert digest(masters["master"]) == before, "the master must never change"
    return project, result


def test_renditions_audio_and_poster_have_the_expected_codecs_heights_and_duration(
    prepared, masters
):
    project, _result = prepared
    folder = project / "episodes" / "test-media"
    master_duration = float(ffprobe(masters["master"])["format"]["duration"])
    expected = {
        "video-480p.webm": ("vp9", 480, "opus"),
        "video-720p.webm": ("vp9", 720, "opus"),
        "video-720p.mp4": ("h264", 720, "aac"),
    }
    for name, (video_codec, height, audio_codec) in expected.items():
        info = ffprobe(folder / name)
        video = next(s for s in info["streams"] if s["codec_type"] == "video")
        audio = next(s for s in info["streams"] if s["codec_type"] == "audio")
        assert (video["codec_name"], video["height"], audio["codec_name"]) == (
            video_codec,
            height,
            audio_codec,
        )
        assert abs(float(info["format"]["duration"]) - master_duration) <= 0.1, name
    mp4 = (folder / "video-720p.mp4").read_bytes()
    assert mp4.find(b"moov") < mp4.find(b"mdat"), "+faststart puts the index first"
    # The sound alone, mono for speech: AAC (the podcast enclosure) and Opus.
    for name, codec in {"audio.m4a": "aac", "audio.opus": "opus"}.items():
        sound = ffprobe(folder / name)
        assert [(s["codec_type"], s["codec_name"], s["channels"]) for s in sound["streams"]] == [
            ("audio", codec, 1)
        ], name
        assert abs(float(sound["format"]["duration"]) - master_duration) <= 0.1, name
    m4a = (folder / "audio.m4a").read_bytes()
    assert m4a.find(b"moov") < m4a.find(b"mdat"), "+faststart: playable before the end arrives"
    poster = ffprobe(folder / "poster.webp")["streams"][0]
    assert poster["codec_name"] == "webp" and poster["width"] == 1280
    for name in [*expected, "audio.m4a", "audio.opus"]:
        assert (folder / name).stat().st_size < masters["master"].stat().st_size / 5


def test_yaml_is_updated_keeping_comments_and_order_after_a_backup(prepared):
    project, _result = prepared
    path = project / "episodes" / "07-test-media.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../schema/episode.schema.json\n# Un commentaire du publieur, à garder.\n"
    )
    assert "title: Test média  # commentaire en fin de ligne" in text
    assert [line.split("#", 1)[1] for line in text.splitlines() if "#" in line] == COMMENTS
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys[:6] == ["number", "slug", "title", "date", "summary", "themes"]
    from mkdocs_episodes.core.model import Episode
    from mkdocs_episodes.core.yaml_source import parse_yaml

    episode = Episode.model_validate(parse_yaml(text).data)
    assert [s.height for s in episode.video.sources] == [480, 720, 720]
    assert (
        episode.video.sources[0].size
        == (project / "episodes/test-media/video-480p.webm").stat().st_size
    )
    # AAC first (the podcast enclosure), then Opus, each with its size.
    assert [(a.src, a.type) for a in episode.audio] == [
        ("test-media/audio.m4a", "audio/mp4"),
        ("test-media/audio.opus", "audio/ogg"),
    ]
    assert episode.audio[1].size == (project / "episodes/test-media/audio.opus").stat().st_size
    assert episode.poster == "test-media/poster.webp"
    assert episode.duration == 4
    # The backup in the cache folder (git-ignored), none beside the publisher's files.
    (backup,) = (project / ".cache/episodes/sauvegardes").glob("*-07-test-media.yml")
    assert backup.read_text(encoding="utf-8") == EPISODE
    assert sorted(p.name for p in (project / "episodes").iterdir() if p.name.startswith(".")) == []
    # The master was read where it is, never copied into the repository.
    assert not [p for p in project.rglob("*.mp4") if p.stat().st_size > 1_000_000]
    # A transcript draft, in paragraphs, from the captions the episode already had.
    draft = (project / "episodes" / "test-media" / "transcription.md").read_text(encoding="utf-8")
    assert draft.startswith("Bienvenue dans cet épisode")
    assert 2 <= draft.count("\n\n") + 1 <= 6
    assert episode.transcript.file == "test-media/transcription.md"


def test_the_prepared_episode_builds_and_checks(prepared):
    project, result = prepared
    assert "Rapport" in result.stdout and "video-480p.webm" in result.stdout
    assert "%" in result.stderr  # progress
    checked = run_episodes(project, "check")
    assert checked.returncode == 0, checked.stdout


def test_existing_outputs_are_not_replaced_without_asking(prepared, masters):
    project, _result = prepared
    folder = project / "episodes" / "test-media"
    before = {p.name: digest(p) for p in folder.iterdir() if p.is_file()}
    result = run_media(project, str(masters["master"]), "--episode", "test-media")
    assert result.returncode == 1
    assert "--remplacer" in result.stderr
    assert {p.name: digest(p) for p in folder.iterdir() if p.is_file()} == before


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("text", "n'est pas une vidéo lisible"),
        ("silent", "pas de piste son"),
        ("broken", "n'est pas une vidéo lisible"),
        ("missing", "introuvable"),
        ("no-ffmpeg", "ffprobe est introuvable"),
    ],
)
def test_bad_input_gets_a_french_message_and_nothing_is_written(masters, tmp_path, case, words):
    project = copy_site(tmp_path / "project")
    path = project / "episodes" / "07-test-media.yml"
    path.write_text(EPISODE, encoding="utf-8")
    master = masters.get(case, masters["master"]) if case != "missing" else tmp_path / "absent.mp4"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if case == "no-ffmpeg":
        env["PATH"] = str(Path(sys.executable).parent)
        assert shutil.which("ffprobe", path=env["PATH"]) is None
    result = run_media(project, str(master), "--episode", "test-media", env=env)
    assert result.returncode == 1
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_text(encoding="utf-8") == EPISODE
    folder = project / "episodes" / "test-media"
    assert not folder.exists() or not any(folder.iterdir())
    assert not list((project / ".cache/episodes").glob("sauvegardes/*"))


def _running_ffmpeg(marker: str) -> list[str]:
    """ffmpeg processes whose command line names `marker` (the episode's folder)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = status.read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if "ffmpeg" in command and marker in command:
            found.append(command)
    return found


def test_a_master_named_like_an_option_is_read(masters, tmp_path):
    project = copy_site(tmp_path / "project")
    (project / "episodes" / "07-test-media.yml").write_text(EPISODE, encoding="utf-8")
    shutil.copy(masters["silent"], project / "-master.mp4")
    # Silent: refused for its missing sound, which proves it was read as a video.
    result = run_media(project, "./-master.mp4", "--episode", "test-media")
    assert "pas de piste son" in result.stderr, result.stderr
    assert "n'est pas une vidéo" not in result.stderr


def test_an_interrupted_run_leaves_no_ffmpeg_nor_temporary_folder(masters, tmp_path):
    project = copy_site(tmp_path / "project")
    path = project / "episodes" / "07-test-media.yml"
    path.write_text(EPISODE, encoding="utf-8")
    folder = project / "episodes" / "test-media"
    work = project / ".cache" / "episodes" / "encodage"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs_episodes",
            "media",
            str(masters["master"]),
            "--episode",
            "test-media",
        ],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "EPISODES_CACHE_DIR": str(project / ".cache" / "episodes"),
        },
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not _running_ffmpeg(str(work)):
        time.sleep(0.05)
    assert _running_ffmpeg(str(work)), "ffmpeg never started"
    process.send_signal(signal.SIGTERM)
    _, errors = process.communicate(timeout=30)
    assert process.returncode != 0
    assert "interrompu" in errors and "Traceback" not in errors
    time.sleep(0.2)
    assert _running_ffmpeg(str(work)) == []
    assert not list(work.iterdir())
    assert not folder.exists() or not any(folder.iterdir())
    assert path.read_text(encoding="utf-8") == EPISODE


def test_a_huge_master_gives_a_poster_not_a_traceback(tmp_path):
    from mkdocs_episodes.build.media import poster

    # 16,000 × 16,000: more pixels than Pillow accepts to decode (256 megapixels).
    master = tmp_path / "immense.mkv"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=blue:size=16000x16000:d=1:r=1",
         "-c:v", "mjpeg", "-q:v", "31", "-pix_fmt", "yuvj420p", str(master)],
        check=True,
    )  # fmt: skip
    poster(master, 0.0, tmp_path / "poster.webp")
    from PIL import Image

    with Image.open(tmp_path / "poster.webp") as image:
        assert image.size == (1280, 1280)


def test_a_full_disk_gets_a_french_message(masters, tmp_path):
    staged = copy_site(tmp_path / "staged")
    (staged / "episodes" / "07-test-media.yml").write_text(EPISODE, encoding="utf-8")
    used = sum(p.stat().st_size for p in staged.rglob("*") if p.is_file())
    disk = tmp_path / "disque"
    disk.mkdir()
    # A disk that holds the project and little more: the renditions do not fit.
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={used + 300_000}", "tmpfs", str(disk)], check=True
    )
    try:
        project = disk / "project"
        shutil.copytree(staged, project)
        result = run_media(project, str(masters["master"]), "--episode", "test-media")
        assert result.returncode == 1
        assert "disque plein" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        assert (project / "episodes" / "07-test-media.yml").read_text(encoding="utf-8") == EPISODE
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_one_ffmpeg_run_decodes_the_master_once_and_makes_every_file(tmp_path, monkeypatch):
    from mkdocs_episodes.build.encoding import encode, plan, probe

    master = tmp_path / "master.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=25",
         "-f", "lavfi", "-i", "sine=frequency=220:sample_rate=48000", "-t", "2",
         "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-ac", "2", str(master)],
        check=True,
    )  # fmt: skip
    # The real ffmpeg, behind a script that records each time it is started.
    shims = tmp_path / "bin"
    shims.mkdir()
    calls = tmp_path / "calls.txt"
    shim = shims / "ffmpeg"
    shim.write_text(
        f'#!/bin/sh\necho "$@" >> {calls}\nexec {shutil.which("ffmpeg")} "$@"\n', encoding="utf-8"
    )
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", f"{shims}{os.pathsep}{os.environ['PATH']}")
    info = probe(master)
    targets = plan(info, codec="vp9", full_hd=True, mp4=True).targets
    out = tmp_path / "out"
    out.mkdir()
    shares: list[float] = []
    encode(master, targets, out, info.duration, shares.append)

    (call,) = calls.read_text(encoding="utf-8").splitlines()
    assert call.split().count("-i") == 1 and str(master) in call
    assert shares[-1] == 1.0
    expected = {
        "video-480p.webm": [("video", "vp9", 480), ("audio", "opus", None)],
        "video-720p.webm": [("video", "vp9", 720), ("audio", "opus", None)],
        "video-1080p.webm": [("video", "vp9", 1080), ("audio", "opus", None)],
        "video-720p.mp4": [("video", "h264", 720), ("audio", "aac", None)],
        "audio.m4a": [("audio", "aac", None)],
        "audio.opus": [("audio", "opus", None)],
    }
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    for name, streams in expected.items():
        found = ffprobe(out / name)
        assert [
            (s["codec_type"], s["codec_name"], s.get("height")) for s in found["streams"]
        ] == streams, name
        assert abs(float(found["format"]["duration"]) - info.duration) <= 0.1, name
