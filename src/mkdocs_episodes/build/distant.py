"""`episodes check --distant`: the media of the episodes in object storage, looked at
over the network (the only command that uses it; the build trusts the YAML).

For each address: the file exists, its size and type are those the YAML declares, it
answers a range request (206: chapters, `#t=` links and quality switches seek without
downloading from the start), and its CORS rule admits the site. Two bytes at most are
read of each file; every request has a short timeout.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass

from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.problems import Problem
from mkdocs_episodes.core.remote import origin

TIMEOUT = 10
# A hostile list of addresses is still a bounded amount of work.
MAX_OBJECTS = 2_000


@dataclass(frozen=True)
class Answer:
    status: int
    headers: http.client.HTTPMessage


def _ask(url: str, method: str, headers: dict[str, str]) -> Answer:
    request = urllib.request.Request(
        url, method=method, headers={"User-Agent": "episodes-check", **headers}
    )
    try:
        # The body is never read: two bytes asked, none downloaded beyond the headers.
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return Answer(response.status, response.headers)
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers)


def remote_problems(episodes: Iterable[Episode], site_url: str) -> list[Problem]:
    """Every problem found with the episodes' remote media, located at their fields."""
    site = origin(site_url) if site_url else None
    problems: list[Problem] = []
    checked = 0
    for episode in episodes:
        for loc, media in episode.remote_media():
            checked += 1
            if checked > MAX_OBJECTS:
                return problems
            for message in _object_problems(media.src, media.type, media.size, site):
                problems.append(episode.origin.problem(loc, message))
    return problems


def _object_problems(url: str, declared: str, size: int, site: str | None) -> list[str]:
    """One request, for its first two bytes: the answer's status, range, type and CORS
    headers say all (a HEAD would not show the range support)."""
    shown = f"« {url} »"
    try:
        answer = _ask(url, "GET", {"Range": "bytes=0-1", **({"Origin": site} if site else {})})
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
        reason = getattr(error, "reason", error)
        return [f"{shown} injoignable ({reason}) : vérifiez l'adresse et la connexion"]
    if answer.status not in {200, 206}:
        return [f"{shown} introuvable sur le stockage (HTTP {answer.status}) : relancez "
                "« episodes media » pour l'envoyer, ou corrigez l'adresse"]  # fmt: skip
    problems = []
    content_range = answer.headers.get("Content-Range") or ""
    if answer.status == 206 and content_range.startswith("bytes 0-1/"):
        total = content_range.rsplit("/", 1)[1]
    else:
        total = answer.headers.get("Content-Length") or "?"
        problems.append(
            f"{shown} ne répond pas aux requêtes partielles (HTTP {answer.status} au lieu de "
            "206) : les chapitres et les liens #t= reliraient depuis le début ; activez les "
            "requêtes Range sur le CDN"
        )
    if not total.isdigit() or int(total) != size:
        problems.append(
            f"{shown} pèse {total} octets sur le stockage, {size} dans le YAML : "
            "le fichier a changé ; relancez « episodes media »"
        )
    served = (answer.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if served != declared:
        problems.append(
            f"{shown} est servi comme « {served or '?'} », « {declared} » déclaré : "
            "corrigez le Content-Type de l'objet (episodes media le pose à l'envoi)"
        )
    allowed = answer.headers.get("Access-Control-Allow-Origin")
    if site and allowed not in {"*", site}:
        problems.append(
            f"{shown} : la règle CORS du stockage n'admet pas le site {site} (reçu "
            f"« {allowed or 'aucun en-tête Access-Control-Allow-Origin'} ») ; ajoutez-le "
            "(voir docs/exploitation/stockage-objet.md)"
        )
    return problems
