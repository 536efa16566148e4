"""Safe YAML reading: hand-written mistakes are pointed at where the publisher made them.

(tests/test_yaml_source.py covers aliases, tags and dates; these are the syntax messages.)"""

from __future__ import annotations

import pytest

from mkdocs_episodes.core.yaml_source import YamlIssue, parse_yaml


def issue(text: str) -> tuple[int, int, str, str]:
    with pytest.raises(YamlIssue) as caught:
        parse_yaml(text)
    error = caught.value
    return error.line, error.column, ".".join(map(str, error.path)), error.message


def test_an_unclosed_bracket_points_at_where_it_was_opened_not_at_the_end():
    assert issue("number: 1\nthemes: [reseau,\n  enjeux\nslug: x\nsummary: y\n") == (
        2,
        9,
        "themes",
        "syntaxe YAML invalide : liste entre crochets non fermée : ajoutez « ] »",
    )


def test_an_unclosed_quote_points_at_its_field():
    assert issue('number: 1\ntitle: "Un titre\nslug: x\nsummary: y\n')[:3] == (2, 8, "title")


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        (
            "a:\n\tb: 1\n",
            2,
            "b",
            "tabulation interdite : indentez avec des espaces, deux par niveau "
            "(ligne corrigée : «   b: 1 »)",
        ),
        (
            "title: Sobriété : le guide\n",
            1,
            "title",
            "deux-points suivi d'une espace dans un texte : mettez le texte entre guillemets, "
            'par exemple « title: "Sobriété : le guide" »',
        ),
        ("a: {b: 1\n", 1, "a", "syntaxe YAML invalide : accolades non fermées : ajoutez « } »"),
        ("- a\nb: 1\n", 2, "b", "syntaxe YAML invalide : élément de liste mal indenté"),
    ],
)
def test_syntax_errors_are_worded_for_publishers(text, line, field, message):
    found = issue(text)
    assert (found[0], found[2]) == (line, field)
    assert found[3] == message


def test_a_key_written_twice_in_a_list_item_names_both_lines():
    assert issue("chapters:\n  - start: 1\n  - start: 2\n    title: A\n    start: 3\n") == (
        5,
        5,
        "chapters.1.start",
        "le champ « start » apparaît deux fois (déjà présent ligne 3) : gardez-en un seul",
    )


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("base: &b {x: 1}\nautre:\n  <<: *b\n", 3),
        ("autre:\n  <<: {x: 1}\n", 2),
        ("? [a, b]\n: 1\n", 1),
    ],
)
def test_merge_keys_and_complex_keys_are_refused(text, line):
    found = issue(text)
    assert (found[0], found[3]) == (line, "clé non autorisée : un nom de champ simple est attendu")


def test_a_set_is_not_a_plain_value():
    assert (
        issue("themes: !!set {reseau}\n")[3] == "balise YAML non autorisée : tag:yaml.org,2002:set"
    )


def test_plain_values_keep_their_types_and_clock_times_their_text():
    document = parse_yaml(
        'number: 3\nsize: 1_200\ndraft: false\nnotes: ~\nstart: "1:05"\nend: 1:02:15\n'
    )
    assert document.data == {
        "number": 3,
        "size": 1200,
        "draft": False,
        "notes": None,
        "start": "1:05",
        "end": "1:02:15",
    }
    assert document.position(("absent", "champ")) == (1, 1)
