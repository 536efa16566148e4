"""Reading on after a YAML mistake: the other fields of the file are still read, at
their own lines, and what a mistake may hide is said (issue 18, item 2)."""

from __future__ import annotations

from mkdocs_episodes.core.yaml_recovery import MAX_RECOVERIES, WHOLE_FILE, parse_yaml_on


def test_the_fields_around_a_mistake_are_read_where_they_were_written():
    text = "number: 1\ntitle: 'Mesurer l'empreinte'\nslug: un\nthemes:\n- a\n- b\n"
    recovered = parse_yaml_on(text)
    assert recovered.document is not None
    assert recovered.document.data == {"number": 1, "slug": "un", "themes": ["a", "b"]}
    # Positions are those of the file as written, not of a shortened copy.
    assert recovered.document.position(("themes", 1)) == (6, 3)
    assert recovered.skipped == {"title"}
    (issue,) = recovered.issues
    assert (issue.line, issue.path) == (2, ("title",))
    assert issue.message.startswith("apostrophe dans un texte entre apostrophes")


def test_a_tab_in_a_field_sets_that_field_aside_and_says_it_may_hide_more():
    text = "summary: Un résumé.\n\tduration: 3\nslug: deux\n"
    recovered = parse_yaml_on(text)
    assert recovered.document is not None
    assert recovered.document.data == {"slug": "deux"}
    (issue,) = recovered.issues
    assert issue.line == 2
    assert issue.message.startswith("tabulation interdite")
    assert issue.message.endswith(
        "; le champ « summary » n'a pas pu être lu en entier : cette erreur peut en "
        "masquer d'autres dans ce champ"
    )


def test_several_mistakes_in_one_file_are_each_said():
    text = "a: [1,\n  2\nb: 3\nc: &x 1\nd: *x\ne: 'l'e'\nf: 6\n"
    recovered = parse_yaml_on(text)
    assert recovered.document is not None
    assert recovered.document.data == {"b": 3, "c": 1, "f": 6}
    assert sorted(issue.line for issue in recovered.issues) == [1, 5, 6]
    assert recovered.skipped == {"a", "d", "e"}


def test_a_mistake_outside_any_field_leaves_the_file_unread_and_says_so():
    for text in ("- un\n- [deux\n", "a: 1\nune ligne égarée [\nb: 2\n"):
        recovered = parse_yaml_on(text)
        assert recovered.document is None, text
        assert recovered.issues[-1].message.endswith(f"; {WHOLE_FILE}")


def test_an_empty_file_is_one_problem_without_more_said():
    for text in ("", "# rien\n"):
        recovered = parse_yaml_on(text)
        assert recovered.document is None
        assert [issue.message for issue in recovered.issues] == [
            "le fichier ne contient aucune donnée"
        ]


def test_a_file_whose_every_field_is_broken_reads_as_no_field():
    recovered = parse_yaml_on("title: 'l'a'\n")
    assert recovered.document is not None and recovered.document.data == {}
    assert recovered.skipped == {"title"}


def test_the_rounds_of_reading_are_bounded():
    text = "".join(f"f{i}: 'l'{i}'\n" for i in range(MAX_RECOVERIES * 3))
    recovered = parse_yaml_on(text)
    assert recovered.document is None
    assert len(recovered.issues) == MAX_RECOVERIES + 1
    assert recovered.issues[-1].message.endswith(f"; {WHOLE_FILE}")
