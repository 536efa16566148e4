"""Every word the `episodes` command prints is French, click's own included: help of
every subcommand, usage errors, and the strings click would print in English."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from mkdocs_episodes import cli_french
from mkdocs_episodes.cli import main

COMMANDS = [[], *([name] for name in sorted(main.commands))]
# click's English, as it would show in a help page or an error.
ENGLISH = re.compile(
    r"Usage:|Options:|Commands:|Show this|and exit|default:|required|Error|Try |No such|"
    r"Invalid|Missing|Got unexpected|is not|Did you mean|Aborted|does not exist|"
    r"\b(?:TEXT|FLOAT|INTEGER|FILE|PATH|DIRECTORY|COMMAND|ARGS|SITE_DIR)\b"
)


def run(*arguments: str):
    return CliRunner().invoke(main, list(arguments), prog_name="episodes")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "episodes")
def test_the_help_of_every_command_is_french(command):
    result = run(*command, "--help")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage : {' '.join(['episodes', *command])} [OPTIONS]")
    assert "\nOptions :\n" in result.output
    assert "--help" in result.output and "Afficher cette aide et quitter." in result.output
    assert ENGLISH.findall(result.output) == [], result.output


def test_usage_errors_are_french():
    cases = {
        ("new", "--nope"): "Erreur : option inconnue : --nope",
        ("check", "--format", "xml"): (
            "Erreur : valeur refusée pour '--format' : 'xml' n'est pas parmi "
            "'texte', 'github', 'gitlab'."
        ),
        ("media",): "Erreur : argument manquant : 'MASTER'.",
        ("media", "master.mp4"): "Erreur : option manquante : '--episode'.",
        ("nimp",): "Erreur : commande inconnue : 'nimp'.",
        ("check", "--strict", "en-trop"): "Erreur : argument en trop : en-trop",
        ("media", "m.mp4", "--episode", "x", "--affiche-a", "dix"): (
            "Erreur : valeur refusée pour '--affiche-a' : 'dix' n'est pas un nombre valide."
        ),
        ("check", "--strct"): (
            "Erreur : option inconnue : --strct (options possibles : --distant, --strict)"
        ),
    }
    for arguments, message in cases.items():
        result = run(*arguments)
        assert result.exit_code == 2, arguments
        assert message in result.output, result.output
        assert "Pour l'aide : « episodes" in result.output
        assert ENGLISH.findall(result.output) == [], result.output


def _click_messages() -> set[str]:
    """Every string click's modules hand to gettext (`_("…")`, ngettext's singular)."""
    found: set[str] = set()
    for name in cli_french.MODULES:
        module = __import__(name, fromlist=["_"])
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"_", "ngettext"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def test_every_message_click_translates_has_a_french_version():
    # A new click release that adds a message fails here, not in a publisher's terminal.
    messages = _click_messages()
    assert len(messages) > 40
    missing = sorted(m for m in messages if m not in cli_french.MESSAGES | cli_french.PLURALS)
    assert missing == []
    # "required" reaches gettext through a variable.
    assert click.core._("required") == "obligatoire"
