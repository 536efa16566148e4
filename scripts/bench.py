#!/usr/bin/env python3
"""Benchmark: build time, weight and search cost of a series of 10, 100 and 1000 episodes.

For each size N, the script generates a synthetic series in a temporary folder (French
transcripts of about 1,500 words, 8 chapters, WebVTT captions, 2 themes among 12, a
self-hosted poster, third-party video hosts) and builds it twice:

- our site: the repository's `mkdocs.yml`, `docs/` and `overrides/` with the synthetic
  episodes instead of the repository's own, built by the `episodes` plugin;
- the baseline: a plain Material for MkDocs site with Material's defaults (search plugin
  on, default font, no custom_dir, navigation generated), one Markdown page per episode
  holding the same title, summary, chapters and transcript.

It prints, for each N, build time, peak memory, output size, the weight of one episode
page and of the series index, the bytes one search fetches, and whether the targets of
the issue "Scale: a series of 1000 episodes builds fast and every page stays light" are
met. It is a benchmark, not a test: figures depend on the machine and its load.

Usage::

    python scripts/bench.py [--sizes 10,100,1000] [--write] [--profile] [--browser]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gzip
import io
import json
import os
import platform
import pstats
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ecoindex.compute import compute_ecoindex

from mkdocs_episodes.build.budget import PageWeight, measure_page, measure_site, summary_table
from mkdocs_episodes.core.settings import Budget
from mkdocs_episodes.core.webvtt import timestamp
from mkdocs_episodes.build.images import poster_variants
from mkdocs_episodes.build.search_chunks import load as load_pagefind_file

REPO = Path(__file__).resolve().parent.parent
SEED = 20241120
WORDS_PER_TRANSCRIPT = 1500
CHAPTERS = 8
# A single build may be slow at N=1000: report it rather than give up early.
BUILD_TIMEOUT = 20 * 60
# The site's budget for every page (mkdocs.yml: plugins > episodes > budget).
PAGE_KB_LIMIT = 120
ECOINDEX_FLOOR = 85
REQUESTS_LIMIT = 10
# Targets of the issue.
BUILD_RATIO_TARGET = 0.4
LINEAR_FACTOR = 12
SIZE_RATIO_TARGET = 0.2
FIRST_SEARCH_KB = 160
LATER_SEARCH_KB = 60
# episodes.js asks Pagefind for the data (one fragment each) of the first 5 results.
FRAGMENTS_PER_QUERY = 5
# Words typed into the search box by the --browser check, one after the other: the first
# search loads the runtime, each later one an index chunk and its results. All occur in
# the transcripts, from the rarer to the most frequent.
FIRST_QUERY = "sobriété"
LATER_QUERIES = ("réemploi", "financement", "référent", "numérique", "ministère")
CHROMIUM = "/usr/bin/chromium"
# What our site is built from, besides mkdocs.yml and the episodes (when present:
# `donnees/` holds the site's data files).
SITE_FOLDERS = ("docs", "overrides", "donnees")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]

# The repository's six themes (doctrine pages cite them) and six more: twelve in all.
THEMES = {
    "reseau": "Le réseau des référents",
    "enjeux": "Les enjeux environnementaux",
    "actions": "Les actions des ministères",
    "accompagnement": "L'accompagnement de la DINUM",
    "financement": "Le financement des projets",
    "video-sobre": "La vidéo sobre",
    "achats": "Les achats responsables",
    "reemploi": "Le réemploi des équipements",
    "donnees": "La sobriété des données",
    "services-en-ligne": "Les services en ligne écoconçus",
    "mesure": "La mesure de l'empreinte",
    "formation": "La formation des agents",
}

# --- Synthetic French text ----------------------------------------------------------

# (noun, gender): articles and adjectives agree with it.
NOUNS: tuple[tuple[str, str], ...] = (
    ("réseau", "m"), ("référent", "m"), ("ministère", "m"), ("administration", "f"),
    ("agent", "m"), ("équipement", "m"), ("ordinateur", "m"), ("écran", "m"),
    ("serveur", "m"), ("centre de données", "m"), ("service en ligne", "m"), ("site", "m"),
    ("application", "f"), ("vidéo", "f"), ("messagerie", "f"), ("impression", "f"),
    ("imprimante", "f"), ("achat", "m"), ("marché public", "m"), ("fournisseur", "m"),
    ("parc informatique", "m"), ("réemploi", "m"), ("reconditionnement", "m"),
    ("recyclage", "m"), ("durée de vie", "f"), ("sobriété", "f"), ("empreinte", "f"),
    ("consommation", "f"), ("énergie", "f"), ("électricité", "f"), ("feuille de route", "f"),
    ("stratégie", "f"), ("démarche", "f"), ("mesure", "f"), ("indicateur", "m"),
    ("tableau de bord", "m"), ("budget", "m"), ("financement", "m"), ("projet", "m"),
    ("équipe", "f"), ("direction", "f"), ("mission", "f"), ("formation", "f"),
    ("sensibilisation", "f"), ("atelier", "m"), ("réunion", "f"), ("webinaire", "m"),
    ("guide", "m"), ("référentiel", "m"), ("critère", "m"), ("exigence", "f"), ("loi", "f"),
    ("décret", "m"), ("circulaire", "f"), ("rapport", "m"), ("bilan", "m"), ("audit", "m"),
    ("diagnostic", "m"), ("inventaire", "m"), ("cycle de vie", "m"), ("matériel", "m"),
    ("logiciel", "m"), ("mise à jour", "f"), ("obsolescence", "f"), ("panne", "f"),
    ("réparation", "f"), ("maintenance", "f"), ("stockage", "m"), ("sauvegarde", "f"),
    ("donnée", "f"), ("archive", "f"), ("courriel", "m"), ("visioconférence", "f"),
    ("télétravail", "m"), ("poste de travail", "m"), ("téléphone", "m"), ("tablette", "f"),
    ("fibre", "f"), ("hébergement", "m"), ("code", "m"), ("page", "f"), ("image", "f"),
    ("police de caractères", "f"), ("accessibilité", "f"), ("usager", "m"), ("citoyen", "m"),
    ("démarche administrative", "f"), ("formulaire", "m"), ("téléservice", "m"),
    ("chantier", "m"), ("priorité", "f"), ("objectif", "m"), ("calendrier", "m"),
    ("échéance", "f"), ("collectif", "m"), ("communauté", "f"), ("partenaire", "m"),
    ("association", "f"), ("collectivité", "f"), ("opérateur", "m"), ("université", "f"),
    ("école", "f"), ("hôpital", "m"), ("préfecture", "f"), ("tribunal", "m"),
    ("laboratoire", "m"), ("mairie", "f"), ("batterie", "f"), ("câble", "m"),
    ("climatisation", "f"), ("refroidissement", "m"), ("bande passante", "f"),
    ("résolution", "f"), ("définition", "f"), ("compression", "f"), ("sous-titre", "m"),
    ("transcription", "f"), ("podcast", "m"), ("lecteur", "m"), ("navigateur", "m"),
    ("requête", "f"), ("algorithme", "m"), ("intelligence artificielle", "f"),
    ("modèle", "m"), ("calcul", "m"), ("capteur", "m"), ("terminal", "m"),
    ("smartphone", "m"), ("clavier", "m"), ("souris", "f"), ("déchet", "m"),
    ("filière", "f"), ("don", "m"), ("appel d'offres", "m"), ("clause", "f"),
    ("contrat", "m"), ("garantie", "f"), ("label", "m"), ("norme", "f"),
    ("tableur", "m"), ("outil", "m"), ("plateforme", "f"), ("infrastructure", "f"),
    ("mutualisation", "f"), ("gouvernance", "f"), ("comité", "m"), ("pilotage", "m"),
)  # fmt: skip
ADJECTIVES: tuple[tuple[str, str], ...] = (
    ("numérique", "numérique"), ("durable", "durable"), ("responsable", "responsable"),
    ("sobre", "sobre"), ("public", "publique"), ("interministériel", "interministérielle"),
    ("environnemental", "environnementale"), ("énergétique", "énergétique"),
    ("local", "locale"), ("national", "nationale"), ("collectif", "collective"),
    ("concret", "concrète"), ("efficace", "efficace"), ("simple", "simple"),
    ("prioritaire", "prioritaire"), ("ancien", "ancienne"), ("récent", "récente"),
    ("partagé", "partagée"), ("mutualisé", "mutualisée"), ("accessible", "accessible"),
    ("léger", "légère"), ("lourd", "lourde"), ("indispensable", "indispensable"),
    ("utile", "utile"), ("fiable", "fiable"), ("reconditionné", "reconditionnée"),
    ("annuel", "annuelle"), ("trimestriel", "trimestrielle"), ("pratique", "pratique"),
    ("ambitieux", "ambitieuse"), ("mesurable", "mesurable"), ("progressif", "progressive"),
    ("commun", "commune"), ("écoconçu", "écoconçue"), ("régional", "régionale"),
    ("européen", "européenne"), ("juridique", "juridique"), ("technique", "technique"),
    ("budgétaire", "budgétaire"), ("quotidien", "quotidienne"), ("obsolète", "obsolète"),
    ("réparable", "réparable"), ("économe", "économe"), ("transparent", "transparente"),
    ("complet", "complète"), ("nouveau", "nouvelle"), ("ouvert", "ouverte"),
    ("sécurisé", "sécurisée"), ("inutile", "inutile"), ("exemplaire", "exemplaire"),
)  # fmt: skip
# (third person singular, infinitive)
VERBS: tuple[tuple[str, str], ...] = (
    ("réduit", "réduire"), ("mesure", "mesurer"), ("suit", "suivre"),
    ("accompagne", "accompagner"), ("finance", "financer"), ("prolonge", "prolonger"),
    ("améliore", "améliorer"), ("simplifie", "simplifier"), ("évalue", "évaluer"),
    ("présente", "présenter"), ("explique", "expliquer"), ("partage", "partager"),
    ("anime", "animer"), ("organise", "organiser"), ("documente", "documenter"),
    ("compare", "comparer"), ("prépare", "préparer"), ("choisit", "choisir"),
    ("remplace", "remplacer"), ("répare", "réparer"), ("mutualise", "mutualiser"),
    ("publie", "publier"), ("rassemble", "rassembler"), ("encadre", "encadrer"),
    ("priorise", "prioriser"), ("valorise", "valoriser"), ("pilote", "piloter"),
    ("identifie", "identifier"), ("limite", "limiter"), ("optimise", "optimiser"),
    ("sensibilise", "sensibiliser"), ("forme", "former"), ("soutient", "soutenir"),
    ("définit", "définir"), ("applique", "appliquer"), ("consolide", "consolider"),
    ("diffuse", "diffuser"), ("recense", "recenser"), ("adapte", "adapter"),
    ("allège", "alléger"), ("supprime", "supprimer"), ("conserve", "conserver"),
    ("interroge", "interroger"), ("vérifie", "vérifier"), ("planifie", "planifier"),
)  # fmt: skip
SUBJECTS = (
    "le référent", "la référente", "chaque ministère", "la DINUM", "la mission interministérielle",
    "notre équipe", "le service achats", "la direction du numérique", "le réseau",
    "chaque administration", "l'équipe projet", "un agent", "ce dispositif",
    "le secrétariat général", "la préfecture", "notre ministère", "cette démarche",
    "le comité de pilotage", "l'ADEME", "l'Arcep", "la cheffe de projet", "le responsable du parc",
)  # fmt: skip
CIRCUMSTANCES = (
    "au quotidien", "dès la conception", "chaque trimestre", "chaque année", "depuis {year}",
    "en {year}", "d'ici {year}", "sur l'ensemble du parc", "avec les services achats",
    "pour près de {number} agents", "dans chaque administration", "à moyen terme",
    "sans attendre", "avec des moyens limités", "au niveau national",
    "dans les services déconcentrés", "sur {number} sites", "en lien avec les directions métiers",
    "pendant {small} mois", "grâce au réseau", "au fil des réunions", "lors du dernier comité",
    "pour la première fois", "de manière progressive", "avant le prochain renouvellement",
    "à l'échelle de l'État", "dans le respect du RGESN", "avec l'appui de la DINUM",
)  # fmt: skip
CONNECTORS = (
    "Par ailleurs", "En pratique", "Concrètement", "Ensuite", "Enfin", "De plus", "Pourtant",
    "Ainsi", "Dans ce cadre", "Autrement dit", "Au fond", "D'abord", "En revanche",
    "Pour autant", "De la même façon", "À ce stade", "Dans les faits", "Surtout",
)  # fmt: skip
SPEAKER_ROLES = ("Référente numérique écoresponsable", "Référent numérique écoresponsable", "Cheffe de projet", "Responsable des achats", "Directeur du numérique")  # fmt: skip
ORGANISATIONS = ("Ministère de l'Intérieur", "Ministère des Armées", "Ministère de la Culture", "Ministère de la Justice", "Ministère de la Transition écologique", "DINUM", "Ministère de l'Agriculture")  # fmt: skip

_VOWELS = "aeiouyàâäéèêëîïôöùûüh"


def _definite(noun: str, gender: str) -> str:
    if noun[0] in _VOWELS:
        return f"l'{noun}"
    return f"{'le' if gender == 'm' else 'la'} {noun}"


def _of(noun: str, gender: str) -> str:
    """`de` + definite article: du, de la, de l'."""
    if noun[0] in _VOWELS:
        return f"de l'{noun}"
    return f"{'du' if gender == 'm' else 'de la'} {noun}"


def _noun_phrase(rng: random.Random) -> tuple[str, str]:
    noun, gender = rng.choice(NOUNS)
    text = noun
    if rng.random() < 0.5:
        masculine, feminine = rng.choice(ADJECTIVES)
        text += " " + (masculine if gender == "m" else feminine)
    kind = rng.random()
    if kind < 0.6:
        phrase = _definite(text, gender)
    elif kind < 0.75:
        phrase = f"{'un' if gender == 'm' else 'une'} {text}"
    elif kind < 0.9:
        phrase = f"notre {text}"
    else:
        demonstrative = "cette" if gender == "f" else ("cet" if text[0] in _VOWELS else "ce")
        phrase = f"{demonstrative} {text}"
    if rng.random() < 0.3:
        other, other_gender = rng.choice(NOUNS)
        phrase += " " + _of(other, other_gender)
    return phrase, gender


def _circumstance(rng: random.Random) -> str:
    return rng.choice(CIRCUMSTANCES).format(
        year=rng.randint(2015, 2030),
        number=f"{rng.randint(2, 95) * 100:,}".replace(",", " "),
        small=rng.randint(2, 18),
    )


def _capitalised(text: str) -> str:
    return text[0].upper() + text[1:]


def _sentence(rng: random.Random) -> str:
    pattern = rng.randrange(8)
    subject = rng.choice(SUBJECTS)
    third, infinitive = rng.choice(VERBS)
    target, _ = _noun_phrase(rng)
    if pattern == 0:
        return _capitalised(f"{subject} {third} {target} {_circumstance(rng)}.")
    if pattern == 1:
        return f"{rng.choice(CONNECTORS)}, {subject} {third} {target}."
    if pattern == 2:
        return f"Il faut {infinitive} {target} {_circumstance(rng)}."
    if pattern == 3:
        phrase, gender = _noun_phrase(rng)
        masculine, feminine = rng.choice(ADJECTIVES)
        adjective = masculine if gender == "m" else feminine
        return _capitalised(f"{phrase} reste {adjective} {_circumstance(rng)}.")
    if pattern == 4:
        other_third, _ = rng.choice(VERBS)
        second, _ = _noun_phrase(rng)
        return f"Pourquoi {infinitive} {target} ? Parce que {subject} {other_third} {second}."
    if pattern == 5:
        phrase, _ = _noun_phrase(rng)
        return f"Selon {subject}, {phrase} {third} {target} {_circumstance(rng)}."
    if pattern == 6:
        share = rng.randint(5, 90)
        return f"Sur ce point, près de {share} % du parc est concerné, {_circumstance(rng)}."
    return f"{rng.choice(CONNECTORS)}, le travail sur {target} commence {_circumstance(rng)}."


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# --- Synthetic episodes ------------------------------------------------------------


@dataclass
class SyntheticEpisode:
    number: int
    slug: str
    title: str
    date: dt.date
    summary: str
    duration: int
    themes: list[str]
    video: dict[str, str]
    poster: int
    speaker: dict[str, str]
    paragraphs: list[str]
    cues: list[tuple[float, float, str]]
    chapters: list[tuple[int, str, str | None]]
    doctrine: list[str]


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def make_episode(number: int, doctrine_pages: list[str], posters: int) -> SyntheticEpisode:
    """One episode, the same for a given number whatever the size of the series."""
    rng = random.Random(SEED * 10_000 + number)
    head, _ = _noun_phrase(rng)
    tail, _ = _noun_phrase(rng)
    title = _capitalised(f"{head} : {tail}")
    slug = f"{number:04d}-{_slugify(title)[:60].strip('-')}"
    paragraphs: list[str] = []
    words = 0
    while words < WORDS_PER_TRANSCRIPT:
        sentences = [_sentence(rng) for _ in range(rng.randint(5, 9))]
        paragraphs.append(" ".join(sentences))
        words += sum(len(sentence.split()) for sentence in sentences)
    duration = rng.randint(540, 660)
    # Captions: the transcript spoken at an even pace, cues of 7 to 12 words that never
    # straddle two paragraphs (so that each paragraph starts with a cue).
    per_word = (duration - 5) / words
    cues: list[tuple[float, float, str]] = []
    paragraph_starts: list[float] = []
    position = 0
    for paragraph in paragraphs:
        tokens = paragraph.split()
        paragraph_starts.append(position * per_word)
        index = 0
        while index < len(tokens):
            size = rng.randint(7, 12)
            chunk = tokens[index : index + size]
            start = (position + index) * per_word
            cues.append((start, start + len(chunk) * per_word - 0.05, " ".join(chunk)))
            index += size
        position += len(tokens)
    # Eight chapters, starting at paragraphs, strictly increasing, within the duration.
    picked = sorted(rng.sample(range(1, len(paragraphs)), CHAPTERS - 1))
    chapters: list[tuple[int, str, str | None]] = []
    previous = -1
    for order, paragraph_index in enumerate([0, *picked]):
        start = max(int(paragraph_starts[paragraph_index]), previous + 1)
        chapter_title = _capitalised(_noun_phrase(rng)[0])
        link = rng.choice(doctrine_pages) if doctrine_pages and order == 2 else None
        chapters.append((start, chapter_title, link))
        previous = start
    roll = rng.random()
    if roll < 0.85:
        alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
        video = {"host": "dailymotion", "id": "x" + "".join(rng.choices(alphabet, k=7))}
    elif roll < 0.95:
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
        video = {"host": "youtube", "id": "".join(rng.choices(alphabet, k=11))}
    else:
        hexa = f"{rng.getrandbits(128):032x}"
        video = {
            "host": "peertube",
            "instance": "https://tube.exemple.gouv.fr",
            "id": f"{hexa[:8]}-{hexa[8:12]}-{hexa[12:16]}-{hexa[16:20]}-{hexa[20:]}",
        }
    return SyntheticEpisode(
        number=number,
        slug=slug,
        title=title,
        date=dt.date(2020, 1, 1) + dt.timedelta(days=number),
        summary=f"{_sentence(rng)} {_sentence(rng)}",
        duration=duration,
        themes=rng.sample(sorted(THEMES), 2),
        video=video,
        poster=1 + number % posters,
        speaker={"role": rng.choice(SPEAKER_ROLES), "organisation": rng.choice(ORGANISATIONS)},
        paragraphs=paragraphs,
        cues=cues,
        chapters=chapters,
        doctrine=[rng.choice(doctrine_pages)] if doctrine_pages else [],
    )


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def episode_yaml(episode: SyntheticEpisode) -> str:
    lines = [
        f"number: {episode.number}",
        f"slug: {episode.slug}",
        f"title: {_yaml_string(episode.title)}",
        f"date: {episode.date.isoformat()}",
        f"summary: {_yaml_string(episode.summary)}",
        f"duration: {episode.duration}",
        "speakers:",
        f"  - role: {_yaml_string(episode.speaker['role'])}",
        f"    organisation: {_yaml_string(episode.speaker['organisation'])}",
        "themes:",
        *(f"  - {theme}" for theme in episode.themes),
        "video:",
        *(f"  {key}: {value}" for key, value in episode.video.items()),
        f"poster: posters/episode-{episode.poster:02d}.png",
        "captions:",
        f"  - src: {episode.slug}/captions.fr.vtt",
        "    lang: fr",
        "transcript:",
        f"  file: {episode.slug}/transcription.md",
        "chapters:",
    ]
    for start, title, link in episode.chapters:
        lines += [f"  - start: {start}", f"    title: {_yaml_string(title)}"]
        if link:
            lines.append(f"    doctrine: {link}")
    if episode.doctrine:
        lines += ["doctrine:", *(f"  - {link}" for link in episode.doctrine)]
    return "\n".join(lines) + "\n"


def captions_vtt(episode: SyntheticEpisode) -> str:
    blocks = ["WEBVTT\n"]
    for start, end, text in episode.cues:
        blocks.append(f"{timestamp(start)} --> {timestamp(end)}\n{text}\n")
    return "\n".join(blocks)


def baseline_markdown(episode: SyntheticEpisode) -> str:
    chapters = "\n".join(f"- {_clock(start)} — {title}" for start, title, _ in episode.chapters)
    transcript = "\n\n".join(episode.paragraphs)
    return (
        f"# {episode.title}\n\n{episode.summary}\n\n## Chapitres\n\n{chapters}\n\n"
        f"## Transcription\n\n{transcript}\n"
    )


# --- Projects --------------------------------------------------------------------------


def doctrine_pages() -> list[str]:
    folder = REPO / "docs" / "doctrine"
    return sorted(
        f"doctrine/{path.name}" for path in folder.glob("*.md") if path.name != "index.md"
    )


def poster_sources() -> list[Path]:
    return sorted((REPO / "episodes" / "posters").glob("episode-*.png"))


def our_config() -> str:
    """The repository's mkdocs.yml (edited as text: it holds !ENV tags), with 12 themes."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    block = "      themes:\n" + "".join(
        f"        {slug}: {_yaml_string(label)}\n" for slug, label in THEMES.items()
    )
    text, count = re.subn(r"^      themes:\n(?:        .*\n)+", block, text, flags=re.M)
    if count != 1:
        raise SystemExit("mkdocs.yml : bloc « themes: » du greffon episodes introuvable")
    return text


def write_our_project(project: Path, episodes: list[SyntheticEpisode]) -> None:
    project.mkdir(parents=True)
    (project / "mkdocs.yml").write_text(our_config(), encoding="utf-8")
    for part in SITE_FOLDERS:
        if (REPO / part).is_dir():
            shutil.copytree(REPO / part, project / part)
    folder = project / "episodes"
    (folder / "posters").mkdir(parents=True)
    for source in poster_sources():
        shutil.copy2(source, folder / "posters" / source.name)
    for episode in episodes:
        side = folder / episode.slug
        side.mkdir()
        (side / "transcription.md").write_text(
            "\n\n".join(episode.paragraphs) + "\n", encoding="utf-8"
        )
        (side / "captions.fr.vtt").write_text(captions_vtt(episode), encoding="utf-8")
        (folder / f"{episode.slug}.yml").write_text(episode_yaml(episode), encoding="utf-8")


def write_baseline_project(project: Path, episodes: list[SyntheticEpisode]) -> None:
    docs = project / "docs"
    (docs / "episodes").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(
        "site_name: Référents numérique écoresponsable\ntheme:\n  name: material\n",
        encoding="utf-8",
    )
    (docs / "index.md").write_text(
        "# Référents numérique écoresponsable\n\n"
        f"La mini-série vidéo des référents numérique écoresponsable : {len(episodes)} "
        "épisodes, chacun avec ses chapitres et sa transcription.\n",
        encoding="utf-8",
    )
    for episode in episodes:
        (docs / "episodes" / f"{episode.slug}.md").write_text(
            baseline_markdown(episode), encoding="utf-8"
        )


# --- Builds --------------------------------------------------------------------------

# Runs mkdocs' CLI in-process and records, at exit, the peak resident memory of this very
# process in kilobytes. VmHWM rather than getrusage's ru_maxrss: Linux carries ru_maxrss
# over fork and exec, so a child would report at least the size of the process that
# started it (this benchmark).
_WRAPPER = """
import atexit, sys
def _report():
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(sys.argv[1], "w") as out:
        out.write(peak)
atexit.register(_report)
from mkdocs.__main__ import cli
cli(sys.argv[2:], prog_name="mkdocs")
"""


@dataclass
class BuildRun:
    ok: bool
    seconds: float
    memory_kb: int = 0
    children_kb: int = 0
    output: str = ""
    # Wall times of every run when the build was repeated.
    repeats: list[float] = field(default_factory=list)


class _GroupMemory(threading.Thread):
    """Samples the processes of one process group: the peak of each (VmHWM) but the leader.

    The build's leader is measured exactly by the wrapper; its children (Pagefind) are
    sampled every 0.1 s, which is enough for a process that runs for a second or more.
    """

    def __init__(self, group: int) -> None:
        super().__init__(daemon=True)
        self.group = group
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.1):
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit() or int(entry.name) == self.group:
                    continue
                try:
                    stat = (entry / "stat").read_text()
                    if int(stat.rsplit(")", 1)[1].split()[2]) != self.group:
                        continue
                    status = (entry / "status").read_text()
                except (OSError, ValueError, IndexError):
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_kb = max(self.peak_kb, int(line.split()[1]))


def _environment(cache: Path) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "EPISODES_CACHE_DIR": str(cache)}
    for name in ("SITE_URL", "EPISODES_DRAFTS"):
        env.pop(name, None)
    return env


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[int | None, float, str, int]:
    """Run a command in its own process group; kill that group on timeout.

    Returns the exit code (None on timeout), the wall time, the output and the peak
    memory of the command's children in kilobytes.
    """
    started = time.perf_counter()
    with subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    ) as process:
        sampler = _GroupMemory(process.pid)
        sampler.start()
        try:
            output, _ = process.communicate(timeout=BUILD_TIMEOUT)
            code: int | None = process.returncode
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate()
            code = None
        finally:
            sampler.done.set()
            sampler.join()
    return code, time.perf_counter() - started, output, sampler.peak_kb


def build(project: Path, site: Path, env: dict[str, str]) -> BuildRun:
    usage_file = project.parent / f"{project.name}-memoire.txt"
    command = [sys.executable, "-c", _WRAPPER, str(usage_file), "build", "-q", "-d", str(site)]
    returncode, seconds, output, children_kb = _run(command, project, env)
    if returncode is None:
        return BuildRun(False, seconds, output=f"délai de {BUILD_TIMEOUT} s dépassé\n{output}")
    memory_kb = int(usage_file.read_text()) if usage_file.is_file() else 0
    return BuildRun(returncode == 0, seconds, memory_kb, children_kb, output)


def best_builds(projects: list[Path], env: dict[str, str], repeat: int) -> list[BuildRun]:
    """The fastest of `repeat` builds of each project, each into a fresh folder; the sites
    of the last round stay, as `site`.

    Other programs on the machine slow a run down, never speed it up, and their load comes
    and goes over minutes: the projects take turns, so that each round measures them
    under the same conditions, rather than one project's runs all in a slow spell.

    No site is deleted before the bench's end: on a file system without a journal (this
    machine's ext4), Linux will not reuse a file number freed in the last minutes, and
    checks every such number before taking a free one. A build just after deleting the
    last one's 10,000 files paid one to two seconds for it, the more so the more files
    it writes: a cost of the bench, not of either site. And each build starts once what
    the previous ones wrote is on disk: the kernel would otherwise write a baseline
    site's 400 MB back while the next build runs, and charge it that time.
    """
    runs: list[list[BuildRun]] = [[] for _ in projects]
    for turn in range(1, repeat + 1):
        for project, done in zip(projects, runs, strict=True):
            if done and not done[-1].ok:
                continue
            os.sync()
            done.append(build(project, project / f"site-{turn}", env))
    for project, done in zip(projects, runs, strict=True):
        if (project / f"site-{len(done)}").is_dir():
            (project / f"site-{len(done)}").rename(project / "site")
    best = []
    for done in runs:
        if not done[-1].ok:
            best.append(done[-1])
            continue
        fastest = min(done, key=lambda run: run.seconds)
        fastest.repeats = [run.seconds for run in done]
        best.append(fastest)
    return best


def profile_build(project: Path, site: Path, env: dict[str, str], out: Path) -> BuildRun:
    command = [sys.executable, "-m", "cProfile", "-o", str(out)]
    command += ["-m", "mkdocs", "build", "-q", "-d", str(site)]
    returncode, seconds, output, _ = _run(command, project, env)
    return BuildRun(returncode == 0, seconds, output=output)


def warm_poster_cache(cache: Path) -> None:
    """Encode the posters' WebP variants once, so that no timed build pays for it."""
    for source in poster_sources():
        poster_variants(source, cache / "posters")


# --- Measures --------------------------------------------------------------------------

_TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}


def site_bytes(site: Path, with_gzip: bool = True) -> int:
    return sum(
        path.stat().st_size
        for path in site.rglob("*")
        if path.is_file() and (with_gzip or path.suffix != ".gz")
    )


def gzip_beside(paths: list[Path]) -> None:
    """Write `file.gz` (level 9) beside each text file, as our build does for its own."""
    for path in paths:
        if path.suffix in _TEXT_SUFFIXES and path.is_file():
            packed = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
            path.with_name(path.name + ".gz").write_bytes(packed)


def gzipped_size(path: Path) -> int:
    packed = path.with_name(path.name + ".gz")
    if packed.is_file():
        return packed.stat().st_size
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def score(weight: PageWeight) -> PageWeight:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Use compute_ecoindex instead", DeprecationWarning)
        index = asyncio.run(
            compute_ecoindex(nodes=weight.dom, size=weight.bytes / 1000, requests=weight.requests)
        )
    weight.score = float(index.score)
    weight.grade = getattr(index.grade, "value", str(index.grade))
    return weight


@dataclass
class SearchCost:
    runtime: int = 0
    first: int = 0
    later: int = 0
    chunks: int = 0
    fragments: int = 0
    chunk_median: int = 0
    chunk_max: int = 0
    # The words of the heaviest chunk, when it holds a few: the words a search pays most for.
    heaviest_words: list[str] = field(default_factory=list)


def chunk_words(path: Path) -> list[str]:
    return [entry[0] for entry in load_pagefind_file(path.read_bytes())[0]]


def pagefind_cost(site: Path) -> SearchCost | None:
    """Bytes of a first query (runtime, metadata, one index chunk, fragments) and a later one.

    Index chunks, fragments and the WebAssembly file are gzip streams already; text files
    count as their `.gz`. The largest chunk and fragments are taken: an upper bound.
    """
    bundle = site / "pagefind"
    if not bundle.is_dir():
        return None
    runtime = sum(
        gzipped_size(bundle / name)
        for name in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
        if (bundle / name).is_file()
    )
    runtime += sum(path.stat().st_size for path in bundle.glob("wasm.*.pagefind"))
    runtime += sum(gzipped_size(path) for path in bundle.glob("*.pf_meta"))
    sizes = {path: path.stat().st_size for path in (bundle / "index").glob("*.pf_index")}
    paths = sorted(sizes, key=lambda path: -sizes[path])
    chunks = [sizes[path] for path in paths]
    fragments = sorted(
        (p.stat().st_size for p in (bundle / "fragment").glob("*.pf_fragment")), reverse=True
    )
    per_query = (chunks[0] if chunks else 0) + sum(fragments[:FRAGMENTS_PER_QUERY])
    return SearchCost(
        runtime,
        runtime + per_query,
        per_query,
        len(chunks),
        len(fragments),
        chunk_median=chunks[len(chunks) // 2] if chunks else 0,
        chunk_max=chunks[0] if chunks else 0,
        heaviest_words=chunk_words(paths[0]) if paths else [],
    )


@dataclass
class Side:
    run: BuildRun
    size: int = 0
    size_without_gzip: int = 0
    files: int = 0
    episode: PageWeight | None = None
    index: PageWeight | None = None
    search_bytes: int | None = None


@dataclass
class SiteBudget:
    pages: int
    min_score: float
    max_kb: float
    over: int
    over_requests: int
    with_pagefind: int
    worst: list[PageWeight]
    # The package's own summary: one line per kind of page, with its worst figures.
    by_kind: str


@dataclass
class SizeResult:
    n: int
    ours: Side
    base: Side
    search: SearchCost | None = None
    budget: SiteBudget | None = None
    browser: BrowserSearch | None = None
    lunr_worker: int = 0
    notes: list[str] = field(default_factory=list)


def measure_ours(side: Side, site: Path, episode: str) -> None:
    side.size = site_bytes(site)
    side.size_without_gzip = site_bytes(site, with_gzip=False)
    side.files = sum(1 for path in site.rglob("*") if path.is_file())
    side.episode = score(measure_page(site, site / "episodes" / episode / "index.html"))
    side.index = score(measure_page(site, site / "episodes" / "index.html"))


def measure_baseline(side: Side, site: Path, episode: str) -> int:
    """Weights of the plain Material site, gzipped as ours; returns the search worker's size."""
    side.size = side.size_without_gzip = site_bytes(site, with_gzip=False)
    side.files = sum(1 for path in site.rglob("*") if path.is_file())
    episode_page = site / "episodes" / episode / "index.html"
    home = site / "index.html"
    gzip_beside([episode_page, home, *(site / "assets").rglob("*")])
    side.episode = score(measure_page(site, episode_page))
    side.index = score(measure_page(site, home))
    index = site / "search" / "search_index.json"
    side.search_bytes = gzipped_size(index) if index.is_file() else None
    workers = list((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    return sum(gzipped_size(path) for path in workers)


def site_budget(site: Path) -> SiteBudget:
    weights = measure_site(site)
    over = [w for w in weights if w.score < ECOINDEX_FLOOR or w.kilobytes > PAGE_KB_LIMIT]
    return SiteBudget(
        pages=len(weights),
        min_score=min(w.score for w in weights),
        max_kb=max(w.kilobytes for w in weights),
        over=len(over),
        over_requests=sum(1 for w in weights if w.requests > REQUESTS_LIMIT),
        with_pagefind=sum(1 for w in weights if any("pagefind" in r for r in w.resources)),
        worst=sorted(weights, key=lambda w: (w.score, -w.bytes))[:8],
        by_kind=summary_table(weights, Budget(REQUESTS_LIMIT, PAGE_KB_LIMIT, ECOINDEX_FLOOR)),
    )


# --- Search in a real browser (--browser) ---------------------------------------------------


class _StaticServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: Path) -> None:
        self.site = site
        self.log: list[tuple[str, int]] = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _GzipStaticHandler)


class _GzipStaticHandler(SimpleHTTPRequestHandler):
    """Serves the site's pre-compressed `.gz` files (nginx `gzip_static`), counting bytes."""

    server: _StaticServer
    extensions_map = {  # noqa: RUF012 - the base class declares it as a plain dict
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".pagefind": "application/octet-stream",
        ".pf_meta": "application/octet-stream",
        ".pf_index": "application/octet-stream",
        ".pf_fragment": "application/octet-stream",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(args[2].site), **kwargs)

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()
        packed = path.with_name(path.name + ".gz")
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "") and packed.is_file()
        data = (packed if gzipped else path).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        with self.server.lock:
            self.server.log.append((self.path, len(data)))
        return io.BytesIO(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class BrowserSearch:
    """/pagefind/ requests seen by the server while Chromium searches."""

    before_requests: int
    first: int
    # Each later query with its bytes, in the order typed.
    later: dict[str, int]

    @property
    def later_max(self) -> int:
        return max(self.later.values(), default=0)


def browser_search(site: Path) -> BrowserSearch:
    """Bytes of /pagefind/ requests before focus, for a first query and for later ones."""
    from playwright.sync_api import sync_playwright

    server = _StaticServer(site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    def pagefind_requests(since: int) -> list[int]:
        with server.lock:
            return [size for path, size in server.log[since:] if path.startswith("/pagefind/")]

    def mark() -> int:
        with server.lock:
            return len(server.log)

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"{base}/episodes/", wait_until="load")
            page.wait_for_timeout(1000)
            before = len(pagefind_requests(0))
            spent: dict[str, int] = {}
            for word in (FIRST_QUERY, *LATER_QUERIES):
                start = mark()
                page.fill("#ep-search-input", "")
                page.focus("#ep-search-input")
                page.keyboard.type(word, delay=40)
                page.wait_for_function(
                    "w => document.querySelector('#ep-search-status').textContent.includes(w)",
                    arg=word,
                    timeout=60_000,
                )
                page.wait_for_timeout(1500)
                spent[word] = sum(pagefind_requests(start))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    first = spent.pop(FIRST_QUERY)
    return BrowserSearch(before, first, spent)


# --- Report ---------------------------------------------------------------------------------


def _words(words: list[str]) -> str:
    """The words of an index chunk, as Pagefind stores them (stemmed, accents removed)."""
    if not words or len(words) > 3:
        return f" : {len(words)} mots" if words else ""
    return " : " + ", ".join(f"« {word} »" for word in words)


def _kb(size: float | None) -> str:
    return "–" if size is None else f"{size / 1000:.1f}"


def _mb(size: float | None) -> str:
    return "–" if size is None else f"{size / 1_000_000:.1f}"


def _ratio(ours: float | None, base: float | None) -> str:
    if not ours or not base:
        return "–"
    return f"{ours / base:.2f}"


def _page(weight: PageWeight | None, attribute: str) -> float | None:
    return None if weight is None else float(getattr(weight, attribute))


def size_table(result: SizeResult) -> str:
    ours, base = result.ours, result.base

    def row(label: str, a: float | None, b: float | None, shown: Any = str) -> str:
        first = "–" if a is None else shown(a)
        second = "–" if b is None else shown(b)
        return f"| {label} | {first} | {second} | {_ratio(a, b)} |"

    def integer(value: float) -> str:
        return f"{value:.0f}"

    rows = [
        f"### {result.n} épisodes",
        "",
        "| Mesure | Notre site | Material de base | Rapport nous / base |",
        "|---|---:|---:|---:|",
        row(
            "Construction (s)",
            ours.run.seconds if ours.run.ok else None,
            base.run.seconds if base.run.ok else None,
            lambda v: f"{v:.1f}",
        ),
        row(
            "Mémoire maximale de la construction (Mo)",
            ours.run.memory_kb * 1024 or None,
            base.run.memory_kb * 1024 or None,
            _mb,
        ),
        row("Taille du site (Mo, .gz compris)", ours.size or None, base.size or None, _mb),
        row(
            "Taille du site sans les .gz (Mo)",
            ours.size_without_gzip or None,
            base.size or None,
            _mb,
        ),
        row("Fichiers du site", ours.files or None, base.files or None, integer),
    ]
    for name, attribute in (("Page d'épisode", "episode"), ("Liste des épisodes", "index")):
        mine, theirs = getattr(ours, attribute), getattr(base, attribute)
        rows += [
            row(f"{name} : éléments DOM", _page(mine, "dom"), _page(theirs, "dom"), integer),
            row(f"{name} : requêtes", _page(mine, "requests"), _page(theirs, "requests"), integer),
            row(f"{name} : ko transférés", _page(mine, "bytes"), _page(theirs, "bytes"), _kb),
            row(f"{name} : EcoIndex", _page(mine, "score"), _page(theirs, "score"), integer),
        ]
    search = result.search
    rows.append(
        row(
            "Octets d'une première recherche (ko)",
            search.first if search else None,
            base.search_bytes,
            _kb,
        )
    )
    rows.append(
        row("Octets d'une recherche suivante (ko)", search.later if search else None, None, _kb)
    )
    if result.browser:
        b = result.browser
        rows.append(row(f"Navigateur : 1re recherche, « {FIRST_QUERY} » (ko)", b.first, None, _kb))
        for word, size in b.later.items():
            rows.append(row(f"Navigateur : recherche suivante, « {word} » (ko)", size, None, _kb))
    if ours.run.children_kb:
        rows.append(
            row(
                "Mémoire maximale d'un processus enfant (Mo, échantillonnée : Pagefind, workers)",
                ours.run.children_kb * 1024,
                None,
                _mb,
            )
        )
    lines = "\n".join(rows)
    notes = []
    if result.budget:
        budget = result.budget
        notes.append(
            f"Budget de chaque page du site ({budget.pages} pages) : EcoIndex minimal "
            f"{budget.min_score:.0f}, poids maximal {budget.max_kb:.1f} ko, "
            f"{budget.over} page(s) sous EcoIndex {ECOINDEX_FLOOR} ou au-dessus de "
            f"{PAGE_KB_LIMIT} ko, {budget.over_requests} page(s) au-delà de {REQUESTS_LIMIT} requêtes."
        )
    if search:
        notes.append(
            f"Pagefind : {search.chunks} morceau(x) d'index (médiane {_kb(search.chunk_median)} "
            f"ko, le plus lourd {_kb(search.chunk_max)} ko{_words(search.heaviest_words)}), "
            f"{search.fragments} fragments ; "
            f"exécution et métadonnées {_kb(search.runtime)} ko ; estimation haute : le plus "
            f"lourd des morceaux et les {FRAGMENTS_PER_QUERY} plus lourds fragments."
        )
    if base.search_bytes is not None:
        notes.append(
            f"Base : index lunr {_kb(base.search_bytes)} ko compressé, chargé à chaque page vue "
            f"(avec son worker de {_kb(result.lunr_worker)} ko)."
        )
    notes += result.notes
    text = lines + ("\n\n" + "\n".join(f"- {note}" for note in notes) if notes else "")
    if result.budget:
        text += f"\n\nNotre site à N={result.n}, par sorte de page :\n\n{result.budget.by_kind}"
    return text


def targets(results: dict[int, SizeResult]) -> list[tuple[str, bool | None, str]]:
    """Each target of the issue: label, met (None when not measured), figures."""
    found: list[tuple[str, bool | None, str]] = []
    big, mid = results.get(1000), results.get(100)
    if big and big.ours.run.ok and big.base.run.ok:
        ratio = big.ours.run.seconds / big.base.run.seconds
        found.append(
            (
                f"Construction à N=1000 ≤ {BUILD_RATIO_TARGET} × base",
                ratio <= BUILD_RATIO_TARGET,
                f"{big.ours.run.seconds:.1f} s contre {big.base.run.seconds:.1f} s, soit {ratio:.2f} ×",
            )
        )
    else:
        found.append((f"Construction à N=1000 ≤ {BUILD_RATIO_TARGET} × base", None, "non mesuré"))
    if big and mid and big.ours.run.ok and mid.ours.run.ok:
        factor = big.ours.run.seconds / mid.ours.run.seconds
        found.append(
            (
                f"Linéarité : N=1000 ≤ {LINEAR_FACTOR} × N=100",
                factor <= LINEAR_FACTOR,
                f"{big.ours.run.seconds:.1f} s contre {mid.ours.run.seconds:.1f} s, soit {factor:.1f} ×",
            )
        )
    else:
        found.append((f"Linéarité : N=1000 ≤ {LINEAR_FACTOR} × N=100", None, "non mesuré"))
    if big and big.ours.size and big.base.size:
        ratio = big.ours.size / big.base.size
        found.append(
            (
                f"Taille du site à N=1000 ≤ {SIZE_RATIO_TARGET} × base",
                ratio <= SIZE_RATIO_TARGET,
                f"{_mb(big.ours.size)} Mo (.gz compris) contre {_mb(big.base.size)} Mo, soit "
                f"{ratio:.2f} × ; sans les .gz : {big.ours.size_without_gzip / big.base.size:.2f} ×",
            )
        )
    else:
        found.append((f"Taille du site à N=1000 ≤ {SIZE_RATIO_TARGET} × base", None, "non mesuré"))
    label = f"Chaque page à N=1000 : EcoIndex ≥ {ECOINDEX_FLOOR} et ≤ {PAGE_KB_LIMIT} ko"
    if big and big.budget:
        budget = big.budget
        found.append(
            (
                label,
                budget.over == 0,
                f"EcoIndex minimal {budget.min_score:.0f}, poids maximal {budget.max_kb:.1f} ko, "
                f"{budget.over} page(s) hors budget sur {budget.pages}",
            )
        )
    else:
        found.append((label, None, "non mesuré"))
    largest = max((r for r in results.values() if r.budget), key=lambda r: r.n, default=None)
    if largest and largest.budget:
        none_before = largest.budget.with_pagefind == 0
        detail = f"N={largest.n} : {largest.budget.with_pagefind} page(s) chargent Pagefind"
        if largest.browser:
            detail += (
                f" ; navigateur : {largest.browser.before_requests} requête(s) /pagefind/ "
                "avant le focus"
            )
            none_before = none_before and largest.browser.before_requests == 0
        found.append(("Recherche : rien avant le focus", none_before, detail))
    search_result = big or largest
    if search_result and search_result.search:
        search = search_result.search
        first, later = search.first, search.later
        first_source = later_source = "estimation haute"
        if search_result.browser:
            browsed = search_result.browser
            first, later = browsed.first, browsed.later_max
            first_source = (
                f"navigateur, « {FIRST_QUERY} » (estimation haute : {_kb(search.first)} ko)"
            )
            heaviest = max(browsed.later, key=lambda word: browsed.later[word])
            later_source = (
                f"navigateur, la plus lourde de {len(browsed.later)} recherches, « {heaviest} » "
                f"(estimation haute : {_kb(search.later)} ko)"
            )
        found.append(
            (
                f"Première recherche ≤ {FIRST_SEARCH_KB} ko (N={search_result.n})",
                first <= FIRST_SEARCH_KB * 1000,
                f"{_kb(first)} ko, {first_source}",
            )
        )
        found.append(
            (
                f"Recherches suivantes ≤ {LATER_SEARCH_KB} ko (N={search_result.n})",
                later <= LATER_SEARCH_KB * 1000,
                f"{_kb(later)} ko, {later_source}",
            )
        )
    else:
        found.append((f"Première recherche ≤ {FIRST_SEARCH_KB} ko", None, "non mesuré"))
    for result in sorted(results.values(), key=lambda r: r.n):
        if result.base.search_bytes is not None:
            found.append(
                (
                    f"Base, N={result.n} : index lunr chargé à chaque page vue",
                    None,
                    f"{_kb(result.base.search_bytes)} ko compressé "
                    f"(+ worker {_kb(result.lunr_worker)} ko)",
                )
            )
    return found


def targets_table(results: dict[int, SizeResult]) -> str:
    lines = ["| Objectif | Atteint | Mesure |", "|---|---|---|"]
    for label, met, detail in targets(results):
        status = "–" if met is None else ("oui" if met else "**non**")
        lines.append(f"| {label} | {status} | {detail} |")
    return "\n".join(lines)


def worst_pages(result: SizeResult) -> str:
    if not result.budget:
        return ""
    lines = [
        f"Pages les plus lourdes de notre site à N={result.n} :",
        "",
        "| Page | Requêtes | ko | Éléments DOM | EcoIndex |",
        "|---|---:|---:|---:|---:|",
    ]
    for weight in result.budget.worst:
        lines.append(
            f"| {weight.url} | {weight.requests} | {weight.kilobytes:.1f} | {weight.dom} | "
            f"{weight.score:.0f} ({weight.grade}) |"
        )
    return "\n".join(lines)


def _short(path: str) -> str:
    """A profiled file without its installation prefix: `mkdocs/commands/build.py`."""
    for marker in ("site-packages/", "/src/", "/nous/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return re.sub(r"^.*/lib/python3\.\d+/", "", path)


def profile_report(out: Path, top: int = 25) -> str:
    stats = pstats.Stats(str(out))
    entries: Iterator[tuple[Any, Any]] = iter(stats.stats.items())  # type: ignore[attr-defined]
    rows = [
        (cumulative, own, calls, f"{_short(file)}:{line}({name})")
        for (file, line, name), (_, calls, own, cumulative, _) in entries
    ]
    total = stats.total_tt  # type: ignore[attr-defined]
    lines = [f"Durée totale profilée : {total:.1f} s", ""]
    ours = [row for row in rows if row[3].startswith("mkdocs_episodes/")]
    for title, selection, key, count in (
        ("par temps cumulé", rows, 0, top),
        ("par temps propre", rows, 1, 15),
        ("du paquet mkdocs_episodes, par temps cumulé", ours, 0, 20),
    ):
        lines += [
            f"{count} premières entrées {title} :",
            f"{'cumulé (s)':>11} {'propre (s)':>11} {'appels':>9}  fonction",
        ]
        for cumulative, own, calls, where in sorted(selection, key=lambda r: -r[key])[:count]:
            lines.append(f"{cumulative:11.2f} {own:11.2f} {calls:9d}  {where}")
        lines.append("")
    return "\n".join(lines)


# --- Main -------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Mesure la construction et le poids du site pour 10, 100 et 1000 épisodes."
    )
    parser.add_argument(
        "--sizes",
        default="10,100,1000",
        help="nombres d'épisodes, séparés par des virgules (10,100,1000 par défaut)",
    )
    parser.add_argument(
        "--write", action="store_true", help="écrit le tableau dans bench/results.md"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile notre construction du plus grand N (cProfile) et affiche ses 25 premières entrées",
    )
    parser.add_argument(
        "--browser",
        action="store_true",
        help="confirme les octets de la recherche avec Playwright et Chromium",
    )
    parser.add_argument(
        "--no-doctrine",
        action="store_true",
        help="épisodes sans liens vers la doctrine (par défaut : un lien par épisode et par chapitre 3)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="constructions par site et par N, tour à tour, la plus rapide retenue (3 par défaut)",
    )
    parser.add_argument("--keep", action="store_true", help="garde le dossier temporaire")
    return parser.parse_args()


def _say(message: str) -> None:
    print(message, flush=True)


def run_size(
    n: int,
    root: Path,
    episodes: list[SyntheticEpisode],
    cache: Path,
    browser: bool,
    repeat: int = 1,
) -> SizeResult:
    folder = root / f"n{n}"
    ours_project, base_project = folder / "nous", folder / "base"
    write_our_project(ours_project, episodes[:n])
    write_baseline_project(base_project, episodes[:n])
    env = _environment(cache)
    measured = episodes[n // 2].slug
    _say(f"[N={n}] constructions de notre site et du site Material de base, tour à tour…")
    ours_run, base_run = best_builds([ours_project, base_project], env, repeat)
    ours, base = Side(ours_run), Side(base_run)
    _say(f"[N={n}]   notre site : {_times(ours.run)}{'' if ours.run.ok else ' — ÉCHEC'}")
    _say(f"[N={n}]   base : {_times(base.run)}{'' if base.run.ok else ' — ÉCHEC'}")
    result = SizeResult(n, ours, base)
    if ours.run.ok:
        site = ours_project / "site"
        measure_ours(ours, site, measured)
        result.search = pagefind_cost(site)
        result.budget = site_budget(site)
        if browser:
            try:
                result.browser = browser_search(site)
            except Exception as error:
                result.notes.append(f"mesure dans le navigateur impossible : {error}")
    else:
        result.notes.append(
            "notre construction a échoué :\n\n```\n" + ours.run.output[-3000:] + "\n```"
        )
    if base.run.ok:
        result.lunr_worker = measure_baseline(base, base_project / "site", measured)
    else:
        result.notes.append(
            "la construction de base a échoué :\n\n```\n" + base.run.output[-3000:] + "\n```"
        )
    return result


def _times(run: BuildRun) -> str:
    runs = run.repeats or [run.seconds]
    return " ; ".join(f"{seconds:.1f} s" for seconds in runs) + (
        f" (la plus rapide : {run.seconds:.1f} s)" if len(runs) > 1 else ""
    )


def versions() -> str:
    from importlib.metadata import version

    packages = ("mkdocs", "mkdocs-material", "pagefind", "mkdocs-episodes")
    listed = ", ".join(f"{name} {version(name)}" for name in packages)
    return (
        f"Python {platform.python_version()}, {listed} ; {os.cpu_count()} cœur(s), "
        f"{platform.machine()}"
    )


def main() -> int:
    args = parse_args()
    sizes = sorted({int(value) for value in args.sizes.split(",") if value.strip()})
    started = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix="bench-episodes-"))
    cache = root / "cache"
    _say(f"Dossier temporaire : {root}")
    results: dict[int, SizeResult] = {}
    profile_text = ""
    try:
        warm_poster_cache(cache)
        pages = [] if args.no_doctrine else doctrine_pages()
        posters = len(poster_sources())
        generated = time.perf_counter()
        episodes = [make_episode(number, pages, posters) for number in range(1, max(sizes) + 1)]
        _say(f"{len(episodes)} épisodes générés en {time.perf_counter() - generated:.1f} s")
        for n in sizes:
            results[n] = run_size(n, root, episodes, cache, args.browser, max(1, args.repeat))
        if args.profile:
            n = max(sizes)
            project = root / f"n{n}" / "nous"
            _say(f"[N={n}] construction de notre site sous cProfile…")
            out = root / "profil.out"
            run = profile_build(project, root / f"n{n}" / "site-profil", _environment(cache), out)
            _say(f"[N={n}]   {run.seconds:.1f} s{'' if run.ok else ' — ÉCHEC'}")
            if out.is_file():
                profile_text = (
                    f"Profil de notre construction à N={n} ({run.seconds:.1f} s). Une fois "
                    "Pagefind lancé, la construction lui cède les cœurs (nice 19) : les "
                    "entrées d'après son lancement (pages de listes, post-construction) "
                    "comptent aussi ce temps cédé.\n\n"
                )
                profile_text += profile_report(out)
            else:
                profile_text = "Profil indisponible :\n" + run.output[-3000:]
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    elapsed = time.perf_counter() - started
    report = [
        "# Mesures à l'échelle : 10, 100 et 1000 épisodes",
        "",
        f"Mesuré le {dt.date.today().isoformat()} ({versions()}). Chaque site est construit "
        f"{max(1, args.repeat)} fois par N, les deux sites tour à tour, chaque fois dans un "
        "nouveau dossier (aucun site n'est effacé avant la fin), et la construction la plus "
        "rapide de chacun est retenue : les durées varient avec la charge de la machine. "
        "Comme pour toute reconstruction, le dossier de cache de notre générateur (affiches "
        "redimensionnées, gabarits compilés) est déjà rempli : les affiches avant la "
        "première mesure, les gabarits dès la première construction.",
        "",
        *(size_table(results[n]) + "\n" for n in sizes),
        "## Objectifs",
        "",
        targets_table(results),
        "",
    ]
    if max(sizes) in results and results[max(sizes)].budget:
        report += [worst_pages(results[max(sizes)]), ""]
    report.append(f"Durée totale du banc d'essai : {elapsed:.0f} s.")
    text = "\n".join(report) + "\n"
    _say("")
    _say(text)
    if profile_text:
        _say(profile_text)
    if args.write:
        target = REPO / "bench" / "results.md"
        target.parent.mkdir(exist_ok=True)
        target.write_text(text, encoding="utf-8")
        _say(f"Tableau écrit dans {target.relative_to(REPO)}")
    failed = any(not r.ours.run.ok or not r.base.run.ok for r in results.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
