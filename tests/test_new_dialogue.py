"""`episodes new` in a real terminal (a pseudo-terminal): a wrong answer is said in French
and its question comes again, the other answers kept; nothing is written before the last
answer, nor at all when the publisher gives up."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import folder_files, one_episode_site

from mkdocs_episodes.core.yaml_source import parse_yaml

pytestmark = pytest.mark.slow


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return one_episode_site(
        tmp_path,
        site_url="https://serie.example.gouv.fr/",
        themes="enjeux: Les enjeux\nreseau: Le réseau",
    )


class Terminal:
    """`episodes ARGUMENTS` in a pseudo-terminal, answered line by line."""

    def __init__(self, cwd: Path, *arguments: str) -> None:
        main, secondary = pty.openpty()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1", "COLUMNS": "200"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs_episodes", *arguments],
            cwd=cwd,
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            env=env,
        )
        os.close(secondary)
        self.fd = main
        self.output = ""
        self.seen = 0

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 4096)
        except OSError:  # the command ended: its terminal is gone
            return False
        if not chunk:
            return False
        self.output += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        return True

    def expect(self, text: str, timeout: float = 60) -> str:
        """The output up to and including `text`, which must come."""
        deadline = time.monotonic() + timeout
        while text not in self.output[self.seen :]:
            assert time.monotonic() < deadline, f"{text!r} not in {self.output[self.seen :]!r}"
            assert self._read(0.5), f"ended without {text!r}: {self.output[self.seen :]!r}"
        end = self.output.index(text, self.seen) + len(text)
        part, self.seen = self.output[self.seen : end], end
        return part

    def answer(self, prompt: str, line: str) -> str:
        part = self.expect(prompt)
        os.write(self.fd, (line + "\n").encode("utf-8"))
        return part

    def close(self, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while self._read(0.5) and time.monotonic() < deadline:
            if self.process.poll() is not None and not select.select([self.fd], [], [], 0)[0]:
                break
        os.close(self.fd)
        return self.process.wait(timeout=timeout)


def test_wrong_answers_are_asked_again_and_the_episode_is_written_at_the_end(project):
    before = folder_files(project)
    terminal = Terminal(project, "new")
    terminal.answer("Titre de l'épisode :", "Les enjeux")
    said = terminal.answer("Titre de l'épisode :", "Mesurer l'empreinte")
    assert "Erreur : un épisode utilise déjà l'adresse « les-enjeux »" in said
    terminal.answer("Date de publication (AAAA-MM-JJ)", "14/03/2025")
    said = terminal.answer("Date de publication (AAAA-MM-JJ)", "2025-03-14")
    assert "date écrite à la française « 14/03/2025 » : écrivez-la année-mois-jour" in said
    terminal.answer("Résumé en une ou deux phrases :", "Comment mesurer l'empreinte d'un service.")
    terminal.answer("Thèmes, séparés par des virgules (enjeux, reseau)", "enjeu")
    said = terminal.answer("Thèmes, séparés par des virgules", "enjeux, reseau")
    assert "thème « enjeu » non déclaré dans mkdocs.yml ; vouliez-vous dire « enjeux » ?" in said
    terminal.answer("Hébergeur", "vimeo")
    said = terminal.answer("Hébergeur", "dailymotion")
    assert "hébergeur « vimeo » inconnu" in said
    # Nothing is written while questions remain.
    assert folder_files(project) == before
    terminal.answer(
        "Identifiant de la vidéo sur Dailymotion :", "https://www.dailymotion.com/video/x9368gg"
    )
    said = terminal.answer("Identifiant de la vidéo sur Dailymotion :", "x92eo5e")
    assert "identifiant Dailymotion « https://www.dailymotion.com/video/x9368gg » invalide" in said
    terminal.expect("Épisode 2 créé : episodes/02-mesurer-l-empreinte.yml")
    assert terminal.close() == 0
    assert "Traceback" not in terminal.output
    data = parse_yaml(
        (project / "episodes" / "02-mesurer-l-empreinte.yml").read_text(encoding="utf-8")
    ).data
    assert (data["title"], str(data["date"]), data["themes"]) == (
        "Mesurer l'empreinte",
        "2025-03-14",
        ["enjeux", "reseau"],
    )
    assert data["video"] == {"host": "dailymotion", "id": "x92eo5e"}


def test_giving_up_writes_nothing(project):
    before = folder_files(project)
    terminal = Terminal(project, "new", "--summary", "Résumé.")
    terminal.answer("Titre de l'épisode :", "Un épisode abandonné")
    terminal.expect("Date de publication")
    os.write(terminal.fd, b"\x04")  # Ctrl-D: the publisher leaves
    terminal.expect("abandon : aucun fichier n'a été écrit")
    assert terminal.close() == 1
    assert "Traceback" not in terminal.output and "Aborted" not in terminal.output
    assert folder_files(project) == before


def test_a_self_hosted_episode_asks_for_its_files_and_may_await_them(project):
    terminal = Terminal(
        project, "new", "--title", "Sobre", "--summary", "Résumé.", "--theme", "enjeux"
    )
    terminal.answer("Date de publication", "2025-03-14")
    terminal.answer("Hébergeur", "fichiers")
    terminal.answer("Fichiers vidéo prêts", "episodes/absent.webm")
    said = terminal.answer("Fichiers vidéo prêts", "")
    assert "Erreur : fichier episodes/absent.webm introuvable" in said
    terminal.expect("episodes media CHEMIN/DU/MASTER.mp4 --episode sobre")
    assert terminal.close() == 0
    text = (project / "episodes" / "02-sobre.yml").read_text(encoding="utf-8")
    assert parse_yaml(text).data["video"] == {"sources": []}


def episodes(project: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """The command without a terminal, as CI or a script runs it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_episodes", *arguments],
        cwd=project,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_without_a_terminal_a_self_hosted_episode_needs_no_file(project):
    arguments = ["--title", "Sobre", "--summary", "Résumé.", "--theme", "enjeux"]
    created = episodes(project, "new", *arguments, "--host", "fichiers")
    assert created.returncode == 0, created.stderr
    assert "episodes media CHEMIN/DU/MASTER.mp4 --episode sobre" in created.stdout
    checked = episodes(project, "check")
    assert checked.returncode == 1
    assert (
        "episodes/02-sobre.yml:" in checked.stdout
        and ": video.sources: pas encore de fichier vidéo : préparez-les depuis la vidéo master"
        in checked.stdout
    ), checked.stdout
    # A wrong answer without a terminal ends the command, with nothing written.
    before = folder_files(project)
    arguments[1] = "Autre"
    refused = episodes(project, "new", *arguments, "--host", "vimeo")
    assert refused.returncode == 1
    assert "Erreur : hébergeur « vimeo » inconnu" in refused.stderr
    assert folder_files(project) == before


def test_an_awaiting_episode_is_completed_by_episodes_media(project, tmp_path_factory):
    # The master stays outside the repository, where the publisher received it.
    master = tmp_path_factory.mktemp("ailleurs") / "master.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
         "-f", "lavfi", "-i", "sine=frequency=440", "-t", "1", "-c:v", "libx264",
         "-preset", "ultrafast", "-c:a", "aac", str(master)],
        check=True,
    )  # fmt: skip
    arguments = ["--title", "Sobre", "--summary", "Résumé.", "--theme", "enjeux"]
    assert episodes(project, "new", *arguments, "--host", "fichiers").returncode == 0
    made = episodes(project, "media", str(master), "--episode", "sobre", "--sans-mp4")
    assert made.returncode == 0, made.stderr
    checked = episodes(project, "check")
    assert checked.returncode == 0, checked.stdout
    text = (project / "episodes" / "02-sobre.yml").read_text(encoding="utf-8")
    # The scaffold's explanation stays above the list the command filled.
    assert (
        "  # La commande remplit cette liste, le son seul (audio), l'affiche et la durée.\n"
        "  sources:\n    - src: sobre/video-360p.webm\n"
    ) in text
