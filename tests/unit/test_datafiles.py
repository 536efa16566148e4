"""Shared resources and the referents' network: validated like episodes."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_episodes.core.datafiles import (
    Network,
    ResourceCatalogue,
    duplicate_ids,
    load_data_file,
    partial_date_text,
)

from .data_files import NETWORK, RESOURCES, write_data


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path.resolve()


def test_the_resource_catalogue_reads_with_french_labels(root):
    read = load_data_file(write_data(root, "ressources.yml", RESOURCES), root, ResourceCatalogue)
    assert read.problems == []
    rgesn, guide, ecoindex = read.value.resources
    assert (rgesn.type_label, guide.type_label, ecoindex.type_label) == (
        "Référentiel",
        "Guide",
        "Outil",
    )
    assert [partial_date_text(r.date) for r in read.value.resources] == [
        "mai 2024",
        "2022",
        "14 mars 2023",
    ]


def test_a_wrong_resource_is_located_by_line_and_field(root):
    text = RESOURCES.replace("type: guide", "type: livre").replace(
        "url: https://www.ecoindex.fr/", "url: http://www.ecoindex.fr/"
    )
    path = write_data(root, "ressources.yml", text)
    read = load_data_file(path, root, ResourceCatalogue)
    lines = text.splitlines()
    assert read.value is None
    kind, url = read.problems
    assert (kind.line, kind.column, kind.field) == (
        lines.index("    type: livre") + 1,
        5,
        "resources[2].type",
    )
    assert kind.message.startswith("valeur « livre » non reconnue : attendu 'referentiel', 'guide'")
    assert url.format() == (
        f"donnees/ressources.yml:{lines.index('    url: http://www.ecoindex.fr/') + 1}:5: "
        "resources[3].url: adresse « http://www.ecoindex.fr/ » refusée : une adresse complète "
        "en https:// est attendue, par exemple https://www.numerique.gouv.fr/"
    )


def test_a_partial_date_must_be_a_real_month(root):
    path = write_data(root, "ressources.yml", RESOURCES.replace('date: "2022"', 'date: "2022-13"'))
    (problem,) = load_data_file(path, root, ResourceCatalogue).problems
    assert problem.field == "resources[2].date"
    assert problem.message == "valeur « 2022-13 » refusée : format non reconnu"


def test_duplicate_ids_are_reported_at_the_second_one(root):
    text = RESOURCES.replace("id: ecoindex", "id: rgesn")
    read = load_data_file(write_data(root, "ressources.yml", text), root, ResourceCatalogue)
    ids = [(r.id, ("resources", i, "id")) for i, r in enumerate(read.value.resources)]
    (problem,) = duplicate_ids(ids, read.located)
    assert problem.format() == (
        f"donnees/ressources.yml:{text.splitlines().index('  - id: rgesn', 3) + 1}:5: "
        "resources[3].id: identifiant « rgesn » déjà utilisé"
    )


def test_the_network_reads_with_statuses_and_replays(root):
    read = load_data_file(write_data(root, "reseau.yml", NETWORK), root, Network)
    assert read.problems == []
    culture, armees = read.value.ministries
    assert (culture.status_label, armees.status_label) == ("Adoptée", "Non renseigné")
    replays = [m.replay for m in read.value.meetings]
    assert replays == [None, "les-enjeux", "https://tube.exemple.fr/w/abc", None]


def test_a_wrong_replay_is_one_problem_on_the_replay_field(root):
    text = NETWORK.replace("replay: les-enjeux", "replay: http://x.fr/")
    path = write_data(root, "reseau.yml", text)
    problems = load_data_file(path, root, Network).problems
    line = text.splitlines().index("    replay: http://x.fr/") + 1
    assert [(p.line, p.field) for p in problems] == [(line, "meetings[2].replay")]


def test_a_missing_data_file_is_a_located_problem(root):
    read = load_data_file(root / "donnees" / "reseau.yml", root, Network)
    assert [p.format() for p in read.problems] == [
        "donnees/reseau.yml:1:1: (fichier): fichier introuvable"
    ]
