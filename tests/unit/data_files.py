"""Data files as a site keeps them in donnees/: shared resources and the network."""

from __future__ import annotations

from pathlib import Path

RESOURCES = """\
# Les ressources partagées du réseau.
resources:
  - id: rgesn
    title: Référentiel général d'écoconception de services numériques (RGESN)
    type: referentiel
    themes: [video-sobre, enjeux]
    publisher: Arcep et Arcom
    url: https://ecoresponsable.numerique.gouv.fr/publications/referentiel-general-ecoconception/
    licence: Licence Ouverte 2.0
    date: "2024-05"
  - id: guide-bonnes-pratiques
    title: Guide de bonnes pratiques numérique responsable
    type: guide
    themes: [reseau]
    publisher: MiNumEco
    url: https://ecoresponsable.numerique.gouv.fr/publications/bonnes-pratiques/
    licence: Non précisée
    date: "2022"
  - id: ecoindex
    title: EcoIndex
    type: outil
    themes: [video-sobre]
    publisher: Green IT
    url: https://www.ecoindex.fr/
    licence: Libre
    date: "2023-03-14"
"""

NETWORK = """\
ministries:
  - id: culture
    name: Ministère de la Culture
    status: adoptee
    status_date: 2024-03-01
  - id: armees
    name: Ministère des Armées
meetings:
  - date: 2025-03-20
    title: Réunion de printemps
    agenda: [Bilan des feuilles de route]
  - date: 2024-06-12
    title: Réunion d'été
    replay: les-enjeux
  - date: 2024-12-05
    title: Réunion d'hiver
    replay: https://tube.exemple.fr/w/abc
  - date: 2025-01-15
    title: Réunion du jour
"""


def write_data(root: Path, name: str, text: str) -> Path:
    path = root / "donnees" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
