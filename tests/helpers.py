"""Writing episodes for tests: a valid episode, then the one change a test is about."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import yaml

VALID_EPISODE = {
    "number": 1,
    "slug": "un-episode",
    "title": "Un épisode",
    "date": "2024-07-20",
    "summary": "Un résumé.",
    "duration": "4:32",
    "themes": ["reseau"],
    "video": {"host": "dailymotion", "id": "x92eo5e"},
    "poster": "media/poster.png",
    "transcript": {"text": "Bonjour."},
}


def png(width: int, height: int) -> bytes:
    """A valid black-and-white PNG of any size, a few kilobytes even when huge (the
    loader reads its header and checksums; Pillow would take a second to save it)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    pack = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)  # filter byte, then 1 bit a pixel
    data = b"".join(pack.compress(row) for _ in range(height)) + pack.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def write_episode(folder: Path, name: str = "un-episode.yml", **changes: object) -> Path:
    """Write an episode file (and its poster) into `folder`; a None change drops a field."""
    data = {**VALID_EPISODE, **changes}
    data = {key: value for key, value in data.items() if value is not None}
    (folder / "media").mkdir(parents=True, exist_ok=True)
    (folder / "media" / "poster.png").write_bytes(png(16, 9))
    path = folder / name
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    # safe_dump quotes the date; publishers write it bare.
    path.write_text(text.replace("'2024-07-20'", "2024-07-20"), encoding="utf-8")
    return path


def git(repository: Path, *arguments: str) -> str:
    """A git command in a test's own repository, whatever the machine's git settings."""
    import subprocess

    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(repository),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    return subprocess.run(
        ["git", *arguments],
        cwd=repository,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def git_repository(folder: Path) -> Path:
    """`folder` as a git repository whose files are committed on branch « main »."""
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "base")
    return folder
