"""Each kind of bad input, fed both to `episodes check` and to `mkdocs build`.

Both must refuse it with the same located French message (file, line, field), a
non-zero exit and no traceback; the build must leave no site behind.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import build_site, run_episodes
from helpers import png

Mutation = Callable[[Path], tuple[str, int, str]]

ENJEUX = "episodes/02-les-enjeux.yml"
DEMO = "episodes/hors-serie-demo-video-sobre.yml"


def line_of(project: Path, name: str, text: str) -> int:
    lines = (project / name).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(text))


def append(name: str, text: str, field: str, offset: int = 0) -> Mutation:
    """Add lines at the end; the problem is on the appended line number `offset`."""

    def mutate(project: Path) -> tuple[str, int, str]:
        path = project / name
        before = path.read_text(encoding="utf-8")
        path.write_text(before + text, encoding="utf-8")
        return name, len(before.splitlines()) + 1 + offset, field

    return mutate


def replace(name: str, old: str, new: str, field: str, line_start: str | None = None) -> Mutation:
    def mutate(project: Path) -> tuple[str, int, str]:
        path = project / name
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return name, line_of(project, name, line_start or new.split("\n")[0]), field

    return mutate


def write_bytes(content: bytes, field: str = "", line: int = 1) -> Mutation:
    def mutate(project: Path) -> tuple[str, int, str]:
        (project / "episodes" / "99-casse.yml").write_bytes(content)
        return "episodes/99-casse.yml", line, field

    return mutate


def symlink_out(project: Path) -> tuple[str, int, str]:
    (project / "episodes" / "posters" / "lien.png").symlink_to("/etc/hostname")
    return replace(ENJEUX, "poster: posters/episode-02.png", "poster: posters/lien.png", "poster")(
        project
    )


def bad_vtt(project: Path) -> tuple[str, int, str]:
    (project / "episodes" / "demo-video-sobre" / "captions.fr.vtt").write_text(
        "00:00.000 --> 00:02.000\nBonjour\n", encoding="utf-8"
    )
    return DEMO, line_of(project, DEMO, "  - src: demo-video-sobre/captions"), "captions[1].src"


def demo_video(name: str, content: bytes) -> Mutation:
    """The demo's first video source swapped for a file `name` holding `content`."""

    def mutate(project: Path) -> tuple[str, int, str]:
        (project / "episodes" / "demo-video-sobre" / name).write_bytes(content)
        new = f"src: demo-video-sobre/{name}"
        line = f"    - {new}"
        old = "src: demo-video-sobre/video-240p.webm"
        return replace(DEMO, old, new, "video.sources[1].src", line)(project)

    return mutate


def demo_poster(make: Callable[[bytes], bytes]) -> Mutation:
    """The demo's poster replaced by what `make` makes of it."""

    def mutate(project: Path) -> tuple[str, int, str]:
        poster = project / "episodes" / "demo-video-sobre" / "poster.png"
        poster.write_bytes(make(poster.read_bytes()))
        return DEMO, line_of(project, DEMO, "poster:"), "poster"

    return mutate


def missing_summary(project: Path) -> tuple[str, int, str]:
    path = project / ENJEUX
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("  "))
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    return ENJEUX, 1, "summary"


BILLION_LAUGHS = "".join(
    [
        'lol1: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n',
        *(
            f"lol{i}: &{chr(97 + i - 1)} [*{chr(96 + i - 1)},*{chr(96 + i - 1)}]\n"
            for i in range(2, 9)
        ),
    ]
)


def doctrine_without_review(project: Path) -> tuple[str, int, str]:
    path = project / "docs" / "doctrine" / "enjeux.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("reviewed: 2026-11-28\n", ""), encoding="utf-8"
    )
    return "docs/doctrine/enjeux.md", 2, "reviewed"


def write_file(name: str, content: bytes, line: int = 1, field: str = "") -> Mutation:
    """Replace a whole file of the site (a doctrine page, a data file) with `content`."""

    def mutate(project: Path) -> tuple[str, int, str]:
        (project / name).write_bytes(content)
        return name, line, field

    return mutate


def setting(key: str, old: str, new: str, field: str | None = None) -> Mutation:
    """Change a line of the plugin's settings in mkdocs.yml."""

    def mutate(project: Path) -> tuple[str, int, str]:
        replace("mkdocs.yml", old, new, "")(project)
        return (
            "mkdocs.yml",
            line_of(project, "mkdocs.yml", new.split("\n")[0]),
            field or f"plugins.episodes.{key}",
        )

    return mutate


def docs_link_out(project: Path) -> tuple[str, int, str]:
    (project / "docs" / "secrets.txt").symlink_to("/etc/hostname")
    return "docs/secrets.txt", 1, ""


def episode_is_a_device(project: Path) -> tuple[str, int, str]:
    (project / "episodes" / "99-zero.yml").symlink_to("/dev/zero")
    return "episodes/99-zero.yml", 1, ""


def transcript_in_git(project: Path) -> tuple[str, int, str]:
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("[http]\n  extraheader = secret\n", encoding="utf-8")
    return append(ENJEUX, "transcript:\n  file: ../.git/config\n", "transcript.file", offset=1)(
        project
    )


def transcript_is_a_device(project: Path) -> tuple[str, int, str]:
    (project / "episodes" / "zero.md").symlink_to("/dev/zero")
    return append(ENJEUX, "transcript:\n  file: zero.md\n", "transcript.file", offset=1)(project)


DOCTRINE = "docs/doctrine/enjeux.md"
RESOURCES = "donnees/ressources.yml"
NETWORK = "donnees/reseau.yml"


def docs_page_with_script(project: Path) -> tuple[str, int, str]:
    (project / "docs" / "piege.md").write_text(
        "---\ntitle: Piège\n---\n\n# Piège\n\nTexte <script>alert(1)</script>\n",
        encoding="utf-8",
    )
    return "docs/piege.md", 7, ""


def transcript_with_control_character(project: Path) -> tuple[str, int, str]:
    transcript = project / "episodes" / "demo-video-sobre" / "transcription.md"
    transcript.write_text("Bonjour.\n\nUn signal \x07 ici.\n", encoding="utf-8")
    return (
        DEMO,
        line_of(project, DEMO, "  file: demo-video-sobre/transcription.md"),
        "transcript.file",
    )


CASES: dict[str, Mutation] = {
    # A page shaped to keep Python-Markdown busy for hours is refused before rendering.
    "page de docs/ aux crochets sans fin": write_file(
        "docs/a-propos.md", b"# Titre\n\n" + b"[" * 200_000 + b"\n"
    ),
    "transcription avec caractère de contrôle": transcript_with_control_character,
    "script dans une page de docs/": docs_page_with_script,
    "script dans les notes": append(
        ENJEUX, "notes: |\n  Notes <img src=x onerror=alert(4)>\n", "notes", offset=1
    ),
    "lien javascript: dans les notes": append(
        ENJEUX, "notes: |\n  Voir [le lien](javascript:alert(5)).\n", "notes", offset=1
    ),
    "doctrine non UTF-8": write_file(DOCTRINE, "---\ntitle: Été\n---\n".encode("latin-1")),
    "doctrine sans en-tête": write_file(DOCTRINE, b"# Les enjeux\n\nTexte.\n"),
    "en-tête de doctrine mal formé": write_file(
        DOCTRINE, b"---\ntitle: [Les enjeux\ndescription: x\n---\n", line=2
    ),
    "doctrine : thème inconnu": replace(DOCTRINE, "  - enjeux\n", "  - climat\n", "themes[1]"),
    "doctrine : champ inconnu": replace(
        DOCTRINE, "reviewed: 2026-11-28\n", "reviewed: 2026-11-28\nrevue: oui\n", "revue", "revue:"
    ),
    "données non UTF-8": write_file(RESOURCES, "resources:\n  - id: été\n".encode("latin-1")),
    "données : syntaxe YAML": write_file(NETWORK, b"ministries:\n  - id: [armees\n", line=2),
    "données : fichier vide": write_file(NETWORK, b"  \n"),
    "données : liste au lieu de champs": write_file(NETWORK, b"- armees\n"),
    "réglage : nombre invalide": setting("per_page", "      per_page: 6\n", "      per_page: 0\n"),
    "réglage : thème invalide": setting(
        "themes",
        "        reseau: Le réseau des référents\n",
        "        Réseau: Le réseau\n",
        "plugins.episodes.themes",
    ),
    "réglage inconnu": setting("per_pag", "      per_page: 6\n", "      per_pag: 6\n"),
    "réglage : catégorie de podcast hors de la liste d'Apple": setting(
        "podcast", "        category: Government\n", "        category: Gouvernement\n"
    ),
    "réglage : adresse du propriétaire du podcast": setting(
        "podcast",
        '          email: !ENV [PODCAST_OWNER_EMAIL, ""]\n',
        "          email: minumeco.gouv.fr\n",
    ),
    "couverture du podcast hors du dépôt": setting(
        "podcast.cover",
        "        cover: episodes/posters/couverture-podcast.png\n",
        "        cover: episodes/../../couverture.png\n",
        "plugins.episodes.podcast",
    ),
    "couverture du podcast qui n'est pas une image": setting(
        "podcast.cover",
        "        cover: episodes/posters/couverture-podcast.png\n",
        "        cover: episodes/02-les-enjeux.yml\n",
    ),
    "réglage : workers": setting("workers", "      workers: auto\n", "      workers: beaucoup\n"),
    "lien de docs/ vers la machine": docs_link_out,
    "épisode qui est un périphérique": episode_is_a_device,
    "transcription lue dans .git/": transcript_in_git,
    "transcription qui est un périphérique": transcript_is_a_device,
    "doctrine sans date de revue": doctrine_without_review,
    "ressource inconnue": append(
        ENJEUX, "resources:\n  - ref: guide-inexistant\n", "resources[1].ref", offset=1
    ),
    "type de ressource invalide": replace(
        "donnees/ressources.yml",
        "    type: outil\n",
        "    type: logiciel\n",
        "resources[7].type",
        "    type: logiciel",
    ),
    "statut de feuille de route invalide": replace(
        "donnees/reseau.yml",
        "meetings: []\n",
        "  - id: sante\n    name: Ministère de la Santé\n    status: fini\nmeetings: []\n",
        "ministries[9].status",
        "    status: fini",
    ),
    "syntaxe YAML": append(ENJEUX, "summary: [non fermé\n", ""),
    "clé en double": append(ENJEUX, "title: Doublon\n", "title"),
    "champ inconnu": append(ENJEUX, "sumary: faute\n", "sumary"),
    "mauvais type": replace(ENJEUX, "number: 2\n", "number: deux\n", "number"),
    "champ manquant": missing_summary,
    "date impossible": replace(ENJEUX, "date: 2024-07-21", "date: 2024-02-30", "date"),
    "slug en double": replace(
        "episodes/03-les-actions-des-ministeres.yml",
        "slug: les-actions-des-ministeres",
        "slug: les-enjeux",
        "slug",
    ),
    "numéro en double": replace(
        "episodes/03-les-actions-des-ministeres.yml", "number: 3\n", "number: 2\n", "number"
    ),
    "thème hors liste": replace(ENJEUX, "  - enjeux\n", "  - climat\n", "themes[1]"),
    "fichier absent": replace(
        ENJEUX, "poster: posters/episode-02.png", "poster: posters/absent.png", "poster"
    ),
    "chemin hors du dépôt": replace(
        ENJEUX, "poster: posters/episode-02.png", "poster: ../../../etc/hostname", "poster"
    ),
    "chemin absolu": replace(
        ENJEUX, "poster: posters/episode-02.png", "poster: /etc/hostname", "poster"
    ),
    "lien symbolique sortant": symlink_out,
    "WebVTT invalide": bad_vtt,
    "chapitres dans le désordre": replace(
        DEMO, "  - start: 15\n", "  - start: 5\n", "chapters[3].start", "  - start: 5"
    ),
    "chapitre après la fin": replace(
        DEMO, "  - start: 20\n", "  - start: 99\n", "chapters[4].start", "  - start: 99"
    ),
    "page de doctrine absente": append(ENJEUX, "  - doctrine/absente.md\n", "doctrine[3]"),
    "ancre absente": append(ENJEUX, "  - doctrine/enjeux.md#absente\n", "doctrine[3]"),
    "adresse non https": append(
        ENJEUX,
        "resources:\n  - title: Guide\n    url: http://example.org/guide\n",
        "resources[1].url",
        offset=2,
    ),
    "identifiant tiers mal formé": replace(
        ENJEUX,
        "  id: x9368gg",
        "  id: https://www.dailymotion.com/video/x9368gg",
        "video",
        "video:",
    ),
    "fichier non UTF-8": write_bytes("title: Été\n".encode("latin-1")),
    "fichier vide": write_bytes(b""),
    "balise python": write_bytes(b"title: !!python/object/apply:os.system ['true']\n", ""),
    # Refused at the first alias, before anything expands.
    "billion laughs": write_bytes(BILLION_LAUGHS.encode(), "", line=2),
    "fichier trop lourd": write_bytes(b"# " + b"x" * 400_000 + b"\n"),
    "vidéo en HTML": demo_video("page.html", b"<html><script>alert(1)</script>"),
    "vidéo au contenu HTML": demo_video("piege.webm", b"<html><script>alert(1)</script>"),
    "affiche géante": demo_poster(lambda _: png(13000, 13000)),
    "affiche tronquée": demo_poster(lambda poster: poster[: len(poster) // 2]),
    "fichier nommé embed": demo_video("embed", b"\x1a\x45\xdf\xa3"),
    # Escaped, a control character used to pass and make the feeds ill-formed XML.
    "caractère de contrôle échappé": replace(
        ENJEUX, "title: Les enjeux", 'title: "Les enjeux\\u0007"', "title"
    ),
    "caractère de contrôle brut": replace(
        ENJEUX, "title: Les enjeux", "title: Les\x1benjeux", "title"
    ),
    # Python-Markdown took minutes on it; refused before any rendering.
    "crochets en rafale dans les notes": append(ENJEUX, 'notes: "' + "[" * 19_000 + '"\n', "notes"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_refused_by_check_and_build_alike(case, site_copy):
    name, line, field = CASES[case](site_copy)
    expected = f"{name}:{line}:"
    checked = run_episodes(site_copy, "check")
    built = build_site(site_copy)
    for result, output in (
        (checked.returncode, checked.stdout + checked.stderr),
        (built.returncode, built.output),
    ):
        assert result != 0, output
        assert "Traceback" not in output, output
        matching = [text for text in output.splitlines() if expected in text]
        assert matching, f"{expected} absent de :\n{output}"
        if field:
            assert any(f"{expected}" in text and f": {field}: " in text for text in matching), (
                output
            )
    # The very same message, word for word, from both.
    said = [
        text[text.index(expected) :]
        for text in checked.stdout.splitlines() + checked.stderr.splitlines()
        if expected in text
    ]
    assert all(message in built.output for message in said), (said, built.output)
    assert not (built.site / "index.html").exists()
