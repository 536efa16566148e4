"""The plugin's settings as MkDocs config options. Each one's default and check come from
`core.settings`, so that `mkdocs build` and `episodes check` (which both load mkdocs.yml
through MkDocs) refuse a setting with the same French message, naming file and line."""

from __future__ import annotations

import difflib
import logging
import re
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.config.base import (
    BaseConfigOption,
    Config,
    ConfigErrors,
    ConfigWarnings,
    ValidationError,
)
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from mkdocs_episodes.core import settings as core_settings
from mkdocs_episodes.core.settings import Budget, SettingError, Settings


class _Setting(BaseConfigOption[Any]):
    """One setting, checked by the core."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.default = core_settings.default(name)

    def run_validation(self, value: object) -> Any:
        try:
            return core_settings.check(self.name, value)
        except SettingError as error:
            refused = ValidationError(str(error))
            refused.entry = error.entry  # type: ignore[attr-defined]
            raise refused from None


class EpisodesConfig(Config):
    episodes_dir = _Setting("episodes_dir")
    doctrine_dir = _Setting("doctrine_dir")
    resources_file = _Setting("resources_file")
    network_file = _Setting("network_file")
    cache_dir = _Setting("cache_dir")
    themes = _Setting("themes")
    per_page = _Setting("per_page")
    per_theme_page = _Setting("per_theme_page")
    feed_items = _Setting("feed_items")
    workers = _Setting("workers")
    drafts = _Setting("drafts")
    url_list = _Setting("url_list")
    redirects = _Setting("redirects")
    author = _Setting("author")
    search = _Setting("search")
    budget = _Setting("budget")
    max_height = _Setting("max_height")
    media_storage = _Setting("media_storage")
    media_url = _Setting("media_url")
    podcast = _Setting("podcast")

    def validate(self) -> tuple[ConfigErrors, ConfigWarnings]:
        failed, warnings = super().validate()
        # A misspelt setting would be silently ignored: refused, as in episode files.
        known = sorted(self._schema_keys)
        for key in sorted(set(self.keys()) - self._schema_keys):
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
            failed.append(
                (
                    key,
                    ValidationError(
                        f"réglage inconnu{hint} (réglages possibles : {', '.join(known)})"
                    ),
                )
            )
        warnings = [(key, message) for key, message in warnings if key in self._schema_keys]
        return [(key, self._located(key, error)) for key, error in failed], warnings

    def _located(self, key: str, error: Exception) -> ValidationError:
        """`mkdocs.yml:31: plugins.episodes.per_page: …`: where to fix it."""
        path = Path(self.config_file_path or "mkdocs.yml")
        try:
            entry = getattr(error, "entry", None)
            line = core_settings.setting_line(path.read_text(encoding="utf-8-sig"), key, entry)
        except (OSError, UnicodeDecodeError):
            line = 1
        return ValidationError(f"{path.name}:{line}: plugins.episodes.{key}: {error}")

    def settings(self) -> Settings:
        """The MkDocs-free view the core and the build machinery take."""
        return core_settings.settings_from(dict(self.items()))

    @property
    def limits(self) -> Budget:
        return self.budget  # type: ignore[no-any-return]


class SiteConfigError(Exception):
    """mkdocs.yml cannot be used, said in French (one line per problem)."""


class _Collected(logging.Handler):
    def __init__(self) -> None:
        # Warnings too: in strict mode they abort the build as well.
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# How MkDocs prefixes an option's error: what follows is ours, file and line first.
_OPTION_PREFIX = re.compile(r"^Config value '[^']+': (?:Plugin '[^']+' option '[^']+': )?")


def load_site(config_file: str) -> MkDocsConfig:
    """mkdocs.yml as MkDocs reads it for a build, for the commands that check the site
    without building it: the same settings judged with the same messages."""
    path = Path(config_file)
    if not path.is_file():
        raise SiteConfigError(f"{config_file} introuvable : lancez la commande à la racine du site")
    logger = logging.getLogger("mkdocs")
    collected = _Collected()
    # MkDocs logs each refused option, then raises; its messages are kept to be shown,
    # not printed as they come.
    propagate, logger.propagate = logger.propagate, False
    handlers, logger.handlers = logger.handlers, [collected]
    level, logger.level = logger.level, logging.WARNING
    try:
        return load_config(config_file=str(path))
    except (ConfigurationError, Abort) as error:
        details = [_OPTION_PREFIX.sub("", message) for message in collected.messages]
        raise SiteConfigError("\n".join(details or [f"{config_file} invalide : {error}"])) from None
    except OSError as error:
        raise SiteConfigError(f"{config_file} illisible : {error.strerror}") from None
    finally:
        logger.handlers, logger.propagate, logger.level = handlers, propagate, level
