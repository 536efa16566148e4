"""The subset of a stylesheet kept for a site: every rule a page may use, whatever else."""

from __future__ import annotations

from pathlib import Path

import material

from mkdocs_episodes.build.css_subset import css_subset, parse_rules, required_names

MATERIAL = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"


def test_a_rule_whose_names_no_page_holds_goes_and_the_others_stay() -> None:
    css = ".a{color:red}.b .c{color:blue}.a:hover{color:green}"
    assert css_subset(css, {"a"}) == ".a{color:red}.a:hover{color:green}"


def test_a_selector_list_keeps_only_its_selectors_that_may_match() -> None:
    assert css_subset(".a,.b>.x,p{margin:0}", {"a"}) == ".a,p{margin:0}"


def test_names_under_negations_and_alternatives_are_not_required() -> None:
    css = ".a:not(.gone){x:1}.a:is(.gone,.other){x:2}.a:has(> .gone){x:3}"
    assert css_subset(css, {"a"}) == css


def test_attribute_names_and_values_asked_exactly_are_required() -> None:
    css = '[dir=rtl] .a{x:1}[dir="ltr"] .a{x:2}[data-md-toggle^=dr] .a{x:3}'
    assert css_subset(css, {"a", "dir", "ltr", "data-md-toggle"}) == (
        '[dir="ltr"] .a{x:2}[data-md-toggle^=dr] .a{x:3}'
    )


def test_media_rules_are_trimmed_inside_and_dropped_when_empty() -> None:
    css = "@media (min-width:60em){.a{x:1}.b{x:2}}@media print{.b{x:3}}"
    assert css_subset(css, {"a"}) == "@media (min-width:60em){.a{x:1}}"


def test_other_at_rules_stay_whole() -> None:
    css = '@charset "utf-8";@keyframes spin{0%{x:0}to{x:1}}@font-face{font-family:x}@page{margin:0}'
    assert css_subset(css, set()) == css


def test_braces_and_commas_inside_strings_and_comments_do_not_cut_a_rule() -> None:
    css = '/* a { */.a::after{content:"}, .b{"}/* } */.b{x:1}'
    assert css_subset(css, {"a"}) == '.a::after{content:"}, .b{"}'
    assert [rule.prelude for rule in parse_rules(css)] == [".a::after", ".b"]


def test_pseudo_classes_and_elements_are_states_not_names() -> None:
    assert required_names(".md-nav__toggle:checked~.md-nav .x::before") == {
        "md-nav__toggle",
        "md-nav",
        "x",
    }


def test_materials_stylesheet_reads_whole_and_keeps_everything_for_every_name() -> None:
    """Nothing of Material's stylesheet is lost by reading it: with every name it asks
    for, the subset is the whole stylesheet, rule for rule."""
    sheet = next(MATERIAL.glob("main.*.min.css")).read_text(encoding="utf-8")
    names: set[str] = set()

    def collect(rules: list) -> None:
        for rule in rules:
            if isinstance(rule.body, list):
                collect(rule.body)
            elif isinstance(rule.body, str) and not rule.prelude.startswith("@"):
                names.update(required_names(rule.prelude))

    collect(parse_rules(sheet))
    whole = css_subset(sheet, names)
    # Only comments (the licence banner, source map) are left out.
    assert len(whole) > 0.97 * len(sheet)
    assert css_subset(whole, names) == whole
    assert len(css_subset(sheet, {"md-typeset"})) < len(sheet) / 2
