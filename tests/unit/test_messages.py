"""Pydantic's validation errors, reworded in French for a publisher."""

from __future__ import annotations

import pytest
from helpers import VALID_EPISODE
from pydantic import ValidationError

from mkdocs_episodes.core.messages import field_name, translate, unknown_themes
from mkdocs_episodes.core.model import Episode


def errors(**changes: object) -> dict[str, str]:
    """The French message of each refused field of an episode made of `changes`."""
    data = {key: value for key, value in {**VALID_EPISODE, **changes}.items() if value is not None}
    with pytest.raises(ValidationError) as caught:
        Episode.model_validate(data)
    return dict(
        (field_name(loc), message)
        for loc, message in (translate(e, Episode) for e in caught.value.errors(include_url=False))
    )


def test_field_names_are_written_as_a_publisher_counts_items():
    assert field_name(("chapters", 2, "start")) == "chapters[3].start"
    assert field_name(("themes", 0)) == "themes[1]"
    assert field_name(()) == ""


def test_an_unknown_field_suggests_the_close_one_and_lists_the_possible_ones():
    assert errors(chapters=[{"start": 0, "titre": "Début"}])["chapters[1].titre"] == (
        "champ inconnu « titre » ; vouliez-vous dire « title » ? "
        "(champs possibles : doctrine, start, title)"
    )
    assert errors(speakers=[{"role": "R", "organisation": "O", "nom": "X"}])["speakers[1].nom"] == (
        "champ inconnu « nom » (champs possibles : name, organisation, role)"
    )


def test_missing_and_mistyped_values():
    assert errors(title=None) == {"title": "champ obligatoire manquant"}
    assert errors(number="trois") == {
        "number": "nombre entier attendu, par exemple 3 (trouvé « trois »)"
    }
    assert errors(number=0) == {"number": "nombre strictement positif attendu"}
    assert errors(draft="peut-être") == {"draft": "true ou false attendu (trouvé « peut-être »)"}
    assert errors(date="20/07/2024") == {
        "date": "date écrite à la française « 20/07/2024 » : écrivez-la année-mois-jour, "
        "« date: 2024-07-20 »"
    }
    assert errors(date="juillet") == {
        "date": "date attendue au format AAAA-MM-JJ, par exemple 2024-07-20 (trouvé « juillet »)"
    }
    assert errors(themes=[]) == {"themes": "ne doit pas être vide"}
    assert errors(slug="a" * 81) == {"slug": "texte trop long : 80 caractères au plus"}


def test_patterns_are_explained_with_an_example():
    assert errors(slug="Les Enjeux") == {
        "slug": "valeur « Les Enjeux » refusée : attendu des minuscules sans accents, des "
        "chiffres et des tirets, par exemple « les-enjeux »"
    }
    assert errors(themes=["Sobriété"]) == {
        "themes[1]": "valeur « Sobriété » refusée : attendu un identifiant de thème en "
        "minuscules, par exemple « sobriete »"
    }
    assert errors(captions=[{"src": "a.vtt", "lang": "Français"}]) == {
        "captions[1].lang": "valeur « Français » refusée : attendu un code de langue, "
        "par exemple « fr » ou « en »"
    }


def test_the_model_s_own_french_messages_come_through():
    assert errors(video={"host": "youtube", "id": "https://youtu.be/aqz-KE-bpKQ"}) == {
        "video": "identifiant YouTube « https://youtu.be/aqz-KE-bpKQ » invalide : attendu "
        "l'identifiant seul, par exemple « aqz-KE-bpKQ », pas l'adresse de la page"
    }


def test_a_value_outside_a_choice_lists_the_choices_in_french():
    message = errors(video={"host": "vimeo", "id": "123"})["video.host"]
    assert message.startswith("valeur « vimeo » non reconnue : attendu")
    assert " or " not in message


@pytest.mark.parametrize("link", ["/doctrine/page.md", "https://exemple.fr/page.md", "page"])
def test_a_wrong_doctrine_link_is_explained_with_an_example(link):
    assert "par exemple « doctrine/rgesn.md »" in errors(doctrine=[link])["doctrine[1]"]


def test_unknown_themes_name_the_declared_ones():
    assert unknown_themes(["reseau", "sobriete"], {"reseau", "enjeux"}) == [
        (1, "thème « sobriete » non déclaré dans mkdocs.yml (thèmes possibles : enjeux, reseau)")
    ]
    assert unknown_themes(["reseau"], {"reseau"}) == []
