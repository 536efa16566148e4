"""The file gate: what a pull request may make the build read, and what it may not."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from mkdocs_episodes.core.gate import GateError, admit, read_bytes, read_text, refused_in


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "depot"
    (root / "episodes").mkdir(parents=True)
    return root.resolve()


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "ailleurs"
    folder.mkdir()
    (folder / "secret.txt").write_text("jeton", encoding="utf-8")
    return folder


def refusal(path: Path, root: Path) -> str:
    with pytest.raises(GateError) as caught:
        admit(path, root)
    return str(caught.value)


def test_a_regular_file_inside_the_repository_is_admitted_as_its_real_path(repo):
    poster = repo / "episodes" / "poster.png"
    poster.write_bytes(b"\x89PNG")
    # Written with a detour through "..": still inside, admitted as the file itself.
    assert admit(repo / "episodes" / ".." / "episodes" / "poster.png", repo) == poster


def test_a_path_climbing_out_of_the_repository_is_refused(repo, outside):
    path = repo / "episodes" / ".." / ".." / "ailleurs" / "secret.txt"
    assert refusal(path, repo) == "mène hors du dépôt : placez le fichier dans le dépôt"


def test_a_symlink_whose_target_is_outside_is_refused(repo, outside):
    link = repo / "episodes" / "poster.png"
    link.symlink_to(outside / "secret.txt")
    assert refusal(link, repo).startswith("est un lien qui mène hors du dépôt")


def test_a_symlink_inside_the_repository_is_followed(repo):
    (repo / "media").mkdir()
    (repo / "media" / "affiche.png").write_bytes(b"\x89PNG")
    link = repo / "episodes" / "poster.png"
    link.symlink_to(Path("..") / "media" / "affiche.png")
    assert admit(link, repo) == repo / "media" / "affiche.png"


def test_the_git_folder_is_refused_even_when_it_exists(repo):
    (repo / ".git").mkdir()
    (repo / ".git" / "config").write_text("[http] extraheader = secret\n", encoding="utf-8")
    assert refusal(repo / ".git" / "config", repo) == (
        "est caché ou dans un dossier caché (« .git ») : refusé"
    )


def test_a_dot_name_is_refused(repo):
    (repo / "episodes" / ".env").write_text("TOKEN=x\n", encoding="utf-8")
    assert "« .env »" in refusal(repo / "episodes" / ".env", repo)


def test_a_symlink_to_a_dot_folder_is_refused_by_its_target(repo):
    (repo / ".github").mkdir()
    (repo / ".github" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    link = repo / "episodes" / "innocent.md"
    link.symlink_to(repo / ".github" / "ci.yml")
    assert "« .github »" in refusal(link, repo)


def test_a_directory_is_refused(repo):
    assert refusal(repo / "episodes", repo) == "est un dossier : un fichier est attendu"


def test_a_missing_file_is_said_missing(repo):
    assert refusal(repo / "episodes" / "absent.png", repo) == "introuvable"


def test_a_fifo_is_refused_without_blocking(repo):
    fifo = repo / "episodes" / "tube.vtt"
    os.mkfifo(fifo)
    assert refusal(fifo, repo).startswith("n'est pas un fichier ordinaire")
    with pytest.raises(GateError, match="n'est pas un fichier ordinaire"):
        read_bytes(fifo, repo, 1024)


def test_a_device_is_refused_as_not_a_regular_file():
    # /dev/zero never ends: admitted by its own folder, it must still be refused.
    dev = Path("/dev").resolve()
    assert refusal(dev / "zero", dev) == (
        "n'est pas un fichier ordinaire (périphérique, tube ou socket) : refusé"
    )


def test_reading_a_symlink_to_dev_zero_fails_at_once(repo):
    link = repo / "episodes" / "sous-titres.vtt"
    link.symlink_to("/dev/zero")
    started = time.monotonic()
    with pytest.raises(GateError):
        read_bytes(link, repo, 1 << 20)
    assert time.monotonic() - started < 1


def test_the_size_limit_is_enforced_while_reading(repo):
    path = repo / "episodes" / "long.md"
    path.write_bytes(b"a" * 1000)
    assert read_bytes(path, repo, 1000) == b"a" * 1000
    with pytest.raises(GateError, match=r"trop lourd \(plus de 999 octets\)"):
        read_bytes(path, repo, 999)


def test_the_size_limit_does_not_trust_the_size_stat_reports():
    # Files of /proc report a size of 0 yet hold text: only the bytes read count.
    proc = Path("/proc").resolve()
    status = proc / "self" / "status"
    assert status.stat().st_size == 0
    assert b"Name:" in read_bytes(status, proc, 1 << 20)
    with pytest.raises(GateError, match="trop lourd"):
        read_bytes(status, proc, 10)


def test_text_must_be_utf8_and_names_the_first_bad_byte(repo):
    path = repo / "episodes" / "latin1.md"
    path.write_bytes("Été".encode("latin-1"))
    with pytest.raises(GateError) as caught:
        read_text(path, repo, 1024)
    assert str(caught.value) == "mal encodé (octet 0 invalide) : enregistrez-le en UTF-8"


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_empty_text_is_refused(repo, content):
    path = repo / "episodes" / "vide.md"
    path.write_bytes(content)
    with pytest.raises(GateError, match=r"^vide$"):
        read_text(path, repo, 1024)


def test_a_utf8_bom_is_accepted_and_dropped(repo):
    path = repo / "episodes" / "bom.md"
    path.write_bytes("\ufeffBonjour".encode())
    assert read_text(path, repo, 1024) == "Bonjour"


def test_refused_in_lists_links_leading_out_of_a_folder(repo, outside):
    docs = repo / "docs"
    (docs / "doctrine").mkdir(parents=True)
    (docs / "doctrine" / "page.md").write_text("# Page\n", encoding="utf-8")
    (docs / "hote.md").symlink_to("/etc/hostname")
    (docs / "dehors").symlink_to(outside, target_is_directory=True)
    (docs / "doctrine" / "boucle").symlink_to(docs, target_is_directory=True)
    (docs / ".brouillon.md").symlink_to("/etc/hostname")  # skipped, as MkDocs skips it

    refused = dict(refused_in(docs, repo))

    assert set(refused) == {docs / "hote.md", docs / "dehors"}
    assert refused[docs / "hote.md"].startswith("est un lien qui mène hors du dépôt")
    assert refused[docs / "dehors"] == "est un lien qui mène hors du dépôt : refusé"


def test_refused_in_a_missing_folder_is_empty(repo):
    assert refused_in(repo / "docs", repo) == []


def test_a_repository_reached_through_a_symlink_admits_its_own_files(repo, tmp_path):
    (repo / "episodes" / "poster.png").write_bytes(b"\x89PNG")
    link = tmp_path / "lien"
    link.symlink_to(repo, target_is_directory=True)
    assert admit(link / "episodes" / "poster.png", link) == repo / "episodes" / "poster.png"
