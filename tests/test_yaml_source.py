import datetime as dt

import pytest

from mkdocs_episodes.core.yaml_source import YamlIssue, parse_yaml


def test_positions_of_keys_and_items_are_kept():
    document = parse_yaml("title: A\nchapters:\n  - start: 1\n    title: B\n  - start: 2\n")
    assert document.positions[("title",)] == (1, 1)
    assert document.positions[("chapters", 1)] == (5, 5)
    assert document.positions[("chapters", 0, "title")] == (4, 5)
    # A missing field is reported where its parent starts.
    assert document.position(("chapters", 1, "title")) == (5, 5)


def test_clock_times_stay_as_written_instead_of_base_60():
    document = parse_yaml("duration: 4:32\nstart: 02:15\n")
    assert document.data == {"duration": "4:32", "start": "02:15"}


def test_dates_are_read_as_dates():
    assert parse_yaml("date: 2024-07-20\n").data == {"date": dt.date(2024, 7, 20)}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("title: A\ntitle: B\n", 2, "apparaît deux fois"),
        ("a: &x [1]\nb: *x\n", 2, "alias"),
        ("a: !!python/object/apply:os.system ['true']\n", 1, "balise YAML non autorisée"),
        ("a: !!binary aGVsbG8=\n", 1, "balise YAML non autorisée"),
        ("title: [unclosed\n", 1, "liste entre crochets non fermée"),
        ("date: 2024-02-30\n", 1, "date impossible"),
        ("", 1, "aucune donnée"),
    ],
)
def test_dangerous_or_broken_yaml_is_refused_with_its_line(text, line, words):
    with pytest.raises(YamlIssue) as caught:
        parse_yaml(text)
    assert caught.value.line == line
    assert words in caught.value.message


def test_billion_laughs_is_refused_before_any_expansion():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 9):
        previous, name = chr(ord("a") + index - 1), chr(ord("a") + index)
        lines.append(f"{name}: &{name} [*{previous},*{previous},*{previous},*{previous}]")
    with pytest.raises(YamlIssue, match="alias"):
        parse_yaml("\n".join(lines))
