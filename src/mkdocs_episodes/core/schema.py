"""The JSON Schema of the episode format, for editors that complete and check YAML."""

from __future__ import annotations

import json
from typing import Any

from mkdocs_episodes.core.model import Episode

SCHEMA_PATH = "schema/episode.schema.json"
SCHEMA_ID = "https://github.com/minumeco/mkdocs-episodes/schema/episode.schema.json"


# Editors show these to publishers: French, unlike the models' docstrings.
_DESCRIPTIONS = {
    "Audio": "Fichier son seul, plus léger que la vidéo.",
    "Caption": "Sous-titres WebVTT dans une langue.",
    "Chapter": "Un moment de l'épisode : début, titre, page de doctrine évoquée.",
    "Resource": "Ressource citée : titre et adresse https.",
    "Source": "Une définition de la vidéo, hébergée par le site.",
    "Speaker": "Intervenant : fonction et organisation ; le nom est facultatif.",
    "Transcript": "Transcription : un fichier Markdown (file) ou le texte (text).",
    "Video": "La vidéo : des fichiers hébergés (sources) ou un hébergeur tiers (host et id).",
}


def episode_schema() -> dict[str, Any]:
    schema = Episode.model_json_schema(mode="validation")
    for name, definition in schema.get("$defs", {}).items():
        definition["description"] = _DESCRIPTIONS[name]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Épisode d'une série vidéo",
        "description": "Un fichier YAML par épisode, dans le dossier episodes/ du site.",
        **{key: value for key, value in schema.items() if key not in {"title", "description"}},
        # An editor says what `episodes check` says: a number, unless the episode is a special.
        "if": {"properties": {"special": {"const": True}}, "required": ["special"]},
        "then": {"not": {"required": ["number"]}},
        "else": {"required": ["number"]},
    }


def schema_text() -> str:
    return json.dumps(episode_schema(), ensure_ascii=False, indent=2) + "\n"
