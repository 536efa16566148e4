"""Slugs made from French titles: the end of an episode's address."""

from __future__ import annotations

import re

import pytest

from mkdocs_episodes.core.model import SLUG_PATTERN
from mkdocs_episodes.core.slugs import slugify


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "Administrations, comment financer vos projets ? (FTAP)",
            "administrations-comment-financer-vos-projets-ftap",
        ),
        ("Le rôle de la DINUM", "le-role-de-la-dinum"),
        ("Œuvres & cœur", "oeuvres-coeur"),
        ("L'État, l'écoconception et l'ÆRONAUTIQUE", "l-etat-l-ecoconception-et-l-aeronautique"),
        ("  --Épisode n°2--  ", "episode-n2"),
        ("???", "episode"),
        ("", "episode"),
    ],
)
def test_titles_become_ascii_slugs_the_model_accepts(title, slug):
    assert slugify(title) == slug
    assert re.match(SLUG_PATTERN, slug)


def test_long_titles_are_cut_between_words():
    title = "Une présentation du réseau des référents numériques écoresponsables"
    assert slugify(title, 30) == "une-presentation-du-reseau-des"
    # One character fewer: "des" no longer fits, and is not cut in the middle.
    assert slugify(title, 29) == "une-presentation-du-reseau"
    assert len(slugify(title)) <= 60
