"""The JSON Schema editors use to complete and check episode files."""

from __future__ import annotations

import json

import jsonschema
from helpers import VALID_EPISODE

from mkdocs_episodes.core.schema import SCHEMA_ID, SCHEMA_PATH, episode_schema, schema_text


def test_the_schema_is_published_under_a_stable_identity():
    schema = episode_schema()
    assert schema["$id"] == SCHEMA_ID
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "Épisode d'une série vidéo"
    assert SCHEMA_ID.endswith(SCHEMA_PATH)
    jsonschema.Draft202012Validator.check_schema(schema)


def test_editors_describe_every_part_in_french():
    definitions = episode_schema()["$defs"]
    assert definitions["Video"]["description"].startswith("La vidéo : des fichiers hébergés")
    assert all(d["description"] for d in definitions.values())


def test_a_valid_episode_passes_and_typos_are_flagged_in_the_editor():
    validator = jsonschema.Draft202012Validator(episode_schema())
    episode = {**VALID_EPISODE, "duration": "4:32", "date": "2024-07-20"}
    assert list(validator.iter_errors(episode)) == []
    assert not validator.is_valid({**episode, "titre": "Faute de frappe"})
    assert not validator.is_valid({**episode, "slug": "Les Enjeux"})
    assert not validator.is_valid({**episode, "duration": "4 minutes"})
    required = set(episode_schema()["required"])
    assert {"slug", "title", "date", "summary", "themes", "video", "poster"} <= required
    # A number, unless the episode is a special (« hors-série »), which has none.
    without_number = {k: v for k, v in episode.items() if k != "number"}
    assert not validator.is_valid(without_number)
    assert validator.is_valid({**without_number, "special": True})
    assert not validator.is_valid({**episode, "special": True})


def test_the_schema_file_is_indented_utf8_json():
    text = schema_text()
    assert text.endswith("}\n")
    assert "Épisode" in text  # not \u00c9
    assert json.loads(text) == episode_schema()
