"""Published URLs never break: a committed list of every public address, checked at
each build, with declared redirects for the ones that move."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

HEADER = (
    "# Adresses publiées du site : la construction échoue si l'une d'elles disparaît\n"
    "# sans redirection (plugins > episodes > redirects dans mkdocs.yml).\n"
    "# Ce fichier est tenu à jour par la construction : committez-le.\n"
)


@dataclass
class UrlCheck:
    missing: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    redirect_problems: list[str] = field(default_factory=list)


def read_list(path: Path) -> list[str]:
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def write_list(path: Path, urls: Iterable[str]) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(
        HEADER + "".join(f"{url}\n" for url in sorted(set(urls))), encoding="utf-8"
    )
    temporary.replace(path)


def check_urls(
    listed: Iterable[str], current: Iterable[str], redirects: Mapping[str, str]
) -> UrlCheck:
    """Compare the published list with this build's URLs and declared redirects."""
    listed_set, current_set = set(listed), set(current)
    result = UrlCheck()
    for source, target in sorted(redirects.items()):
        if source in current_set:
            result.redirect_problems.append(
                f"redirection « {source} » : cette adresse existe encore, elle ne peut pas être redirigée"
            )
        if target in redirects:
            chain = [source, target]
            while chain[-1] in redirects and chain[-1] not in chain[:-1]:
                chain.append(redirects[chain[-1]])
            kind = "boucle" if chain[-1] in chain[:-1] else "chaîne"
            result.redirect_problems.append(
                f"redirection « {source} » : {kind} ({' → '.join(chain)}) ; "
                "faites pointer chaque ancienne adresse directement vers la page finale"
            )
        elif target not in current_set:
            result.redirect_problems.append(
                f"redirection « {source} » vers « {target} » : la cible n'existe pas dans le site"
            )
    result.missing = sorted(url for url in listed_set - current_set if url not in redirects)
    result.added = sorted(current_set - listed_set)
    return result


def redirect_page(target_url: str, relative_target: str) -> str:
    """A static redirect that works on any host: refresh, canonical and a link."""
    from html import escape

    return (
        '<!doctype html>\n<html lang="fr"><head><meta charset="utf-8">'
        f'<title>Page déplacée</title><meta http-equiv="refresh" content="0; url={escape(relative_target)}">'
        f'<link rel="canonical" href="{escape(target_url)}"><meta name="robots" content="noindex">'
        f'</head><body><p>Cette page a déménagé : <a href="{escape(relative_target)}">'
        f"{escape(target_url)}</a>.</p></body></html>\n"
    )
