"""An episode's YAML rewritten by `episodes media`: every comment and the key order kept,
wherever the comments are, whatever the lists become."""

from __future__ import annotations

import pytest

from mkdocs_episodes.build import episode_yaml

EPISODE = """\
# yaml-language-server: $schema=../schema/episode.schema.json
# En-tête du publieur.
number: 7  # numéro
slug: essai
title: "Essai : commentaires"  # titre
video:  # vidéo
  # Avant les sources.
  sources:
    - src: essai/video-480p.webm  # la sobre
      type: video/webm
      height: 480
      size: 100
    # Après la dernière source.
  # Après video.sources.
# Avant l'affiche.
poster: essai/affiche.png  # affiche
audio:
  src: essai/son.opus
  type: audio/ogg
  size: 20  # octets
  # Fin du son.
captions:
  - src: essai/sous-titres.vtt
    lang: fr
# Commentaire final.
"""


def comments(text: str) -> list[str]:
    return [line.split("#", 1)[1].strip() for line in text.splitlines() if "#" in line]


def keys(text: str) -> list[str]:
    return [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]


def source(height: int) -> dict:
    return {
        "src": f"https://medias.example.gouv.fr/serie/essai/video-{height}p-0123456789abcdef.webm",
        "type": "video/webm",
        "height": height,
        "size": height * 10,
        "sha256": "ab" * 32,
        "codecs": "vp9, opus",
    }


@pytest.mark.parametrize("count", [1, 2, 3])
def test_every_comment_and_key_order_survive_new_sources_and_sound(tmp_path, count):
    path = tmp_path / "07-essai.yml"
    path.write_text(EPISODE, encoding="utf-8")
    original, data = episode_yaml.load(path)
    episode_yaml.put(data["video"], "sources", [source(h) for h in (240, 480, 720)[:count]])
    sound = {"src": "https://m.example.fr/son-0123.opus", "type": "audio/ogg", "size": 9}
    episode_yaml.put(data, "audio", [sound, {**sound, "src": "https://m.example.fr/a.m4a"}])
    episode_yaml.put(data, "poster", "essai/poster.webp")
    episode_yaml.put(data, "duration", 12)
    backup = episode_yaml.write(path, data, original, tmp_path / "cache" / "sauvegardes")
    text = path.read_text(encoding="utf-8")
    assert comments(text) == comments(EPISODE)
    assert keys(text) == [*keys(EPISODE), "duration"]
    # Each comment stays after what it followed: the sources' ones after the last source.
    lines = text.splitlines()
    last_codecs = max(i for i, line in enumerate(lines) if line == "      codecs: vp9, opus")
    assert lines[last_codecs + 1 : last_codecs + 4] == [
        "    # Après la dernière source.",
        "  # Après video.sources.",
        "# Avant l'affiche.",
    ]
    assert "  - src: https://m.example.fr/son-0123.opus" in lines  # one sound became two
    assert backup.parent == tmp_path / "cache" / "sauvegardes"
    assert backup.read_text(encoding="utf-8") == EPISODE
    assert list(tmp_path.glob(".*")) == []


def test_an_empty_flow_list_becomes_a_block_list_with_its_comments(tmp_path):
    path = tmp_path / "e.yml"
    path.write_text("video:\n  sources: []  # vide\n# après\nposter: a.png\n", encoding="utf-8")
    original, data = episode_yaml.load(path)
    episode_yaml.put(data["video"], "sources", [source(480)])
    episode_yaml.write(path, data, original, tmp_path / "b")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[1].split() == ["sources:", "#", "vide"]
    assert lines[2].startswith("    - src: https://")
    assert text.endswith("      codecs: vp9, opus\n# après\nposter: a.png\n")
