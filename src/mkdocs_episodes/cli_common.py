"""What every `episodes` subcommand shares: the site it works on, and how it fails."""

from __future__ import annotations

import errno
import sys
from pathlib import Path
from typing import NoReturn

import click
from mkdocs.config.defaults import MkDocsConfig

from mkdocs_episodes.adapter.config import SiteConfigError, load_site
from mkdocs_episodes.adapter.site_checks import site_root
from mkdocs_episodes.core.gate import GateError, read_text
from mkdocs_episodes.core.loader import episode_paths
from mkdocs_episodes.core.reader import MAX_TEXT_BYTES
from mkdocs_episodes.core.settings import Settings
from mkdocs_episodes.core.yaml_source import YamlIssue, parse_yaml


def fail(message: str) -> NoReturn:
    click.echo(f"Erreur : {message}", err=True)
    sys.exit(1)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


class Site:
    """The site as mkdocs.yml declares it, with the episodes plugin's settings."""

    def __init__(self, config_file: str) -> None:
        try:
            self.config: MkDocsConfig = load_site(config_file)
        except SiteConfigError as error:
            message = str(error)
            # Each problem already names the file (and its line, for our settings).
            fail(
                message
                if message.startswith(config_file)
                else f"{config_file} invalide :\n{message}"
            )
        plugin = self.config.plugins.get("episodes")
        if plugin is None:
            fail(f"le greffon « episodes » n'est pas activé dans {config_file} (plugins:)")
        self.settings: Settings = plugin.config.settings()
        self.root = site_root(self.config)
        self.episodes_dir = self.root / self.settings.episodes_dir


def interrupted(signum: int, frame: object) -> NoReturn:
    raise KeyboardInterrupt


def write_error(error: OSError) -> str:
    where = f" ({error.filename})" if error.filename else ""
    if error.errno == errno.ENOSPC:
        return f"disque plein{where} : libérez de la place, puis relancez la commande"
    if error.errno in {errno.EACCES, errno.EPERM, errno.EROFS}:
        return f"écriture refusée{where} : vérifiez les droits du dossier"
    return f"lecture ou écriture impossible{where} : {error.strerror}"


def episode_files(directory: Path, root: Path) -> list[tuple[int, str, Path]]:
    """Number, slug and file of each episode, read leniently: a broken file still counts."""
    found = []
    for path in episode_paths(directory):
        try:
            data = parse_yaml(read_text(path, root, MAX_TEXT_BYTES)).data
        except (GateError, YamlIssue, OSError):
            continue
        if isinstance(data, dict):
            number = data.get("number")
            found.append(
                (number if isinstance(number, int) else 0, str(data.get("slug", "")), path)
            )
    return found
