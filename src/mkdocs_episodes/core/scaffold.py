"""The file `episodes new` writes: a valid episode, commented for a publisher."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any


def _scalar(value: Any) -> str:
    """A YAML scalar: JSON strings are valid YAML and escape everything that needs it."""
    if isinstance(value, dt.date | int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def scaffold(data: dict[str, Any], schema_ref: str) -> str:
    video = data["video"]
    if video == {"sources": []}:
        # A self-hosted episode whose files are still to be made from the master.
        video_block = (
            "video:\n"
            "  # Fichiers hébergés par le site. Préparez-les depuis la vidéo master, là où\n"
            "  # elle est (elle n'est jamais copiée dans le dépôt) :\n"
            f"  #   episodes media CHEMIN/DU/MASTER.mp4 --episode {data['slug']}\n"
            "  # La commande remplit cette liste, le son seul (audio), l'affiche et la durée.\n"
            "  sources: []"
        )
    elif "sources" in video:
        lines = ["video:", "  sources:"]
        for source in video["sources"]:
            lines += [
                f"    - src: {_scalar(source['src'])}",
                f"      type: {source['type']}",
                f"      height: {source['height']}",
                f"      size: {source['size']}",
            ]
        video_block = "\n".join(lines)
    else:
        video_block = "video:\n" + "\n".join(
            f"  {key}: {_scalar(value)}" for key, value in video.items()
        )
    themes = "\n".join(f"  - {theme}" for theme in data["themes"])
    return f"""# yaml-language-server: $schema={schema_ref}
# Épisode créé par « episodes new ». Complétez-le, puis vérifiez avec « episodes check ».
# Les chemins de fichiers sont relatifs à ce fichier et restent dans le dépôt.

# Numéro dans la série ; pour un hors-série, remplacez cette ligne par « special: true ».
number: {data["number"]}
# Fin de l'adresse de la page (/episodes/<slug>/) : ne la changez plus une fois publiée.
slug: {data["slug"]}
title: {_scalar(data["title"])}
# Date de publication : une date future programme l'épisode.
date: {data["date"]}
summary: {_scalar(data["summary"])}
# Durée, en secondes ou « minutes:secondes » entre guillemets.
# duration: "4:32"
themes:
{themes}
{video_block}
# Image d'aperçu hébergée par le site (à déposer dans le dossier de l'épisode).
poster: {_scalar(data["poster"])}
# Intervenants : une fonction et une organisation ; le nom est facultatif.
# speakers:
#   - role: Référente numérique écoresponsable
#     organisation: Ministère de …
# Sous-titres WebVTT et transcription (fichier Markdown ou texte).
# captions:
#   - src: {data["slug"]}/sous-titres.fr.vtt
#     lang: fr
# transcript:
#   file: {data["slug"]}/transcription.md
# chapters:
#   - start: 0
#     title: Introduction
#     doctrine: doctrine/rgesn.md
# doctrine:
#   - doctrine/rgesn.md
# resources:
#   - title: Un guide
#     url: https://…
"""
