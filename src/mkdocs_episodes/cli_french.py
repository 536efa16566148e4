"""click's own words in French, for the `episodes` command.

Publishers read « Usage », « Options », the help option and every usage error; click
writes them in English through gettext, whatever the machine's locale. Its modules each
bind `gettext` and `ngettext` when imported: the `episodes` command gives them a
translation of its own, so that the words are French on every machine. Metavars (TEXT,
FILE…) come from click's type names: each parameter gets a French one.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import click

# click 8.1–8.2's messages, by the English text its modules pass to gettext.
MESSAGES = {
    "Usage:": "Usage :",
    # The formatter adds the colon to a section's title: French puts a space before it.
    "Options": "Options ",
    "Commands": "Commandes ",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Show the version and exit.": "Afficher la version et quitter.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Pour l'aide : « {command} {option} ».",
    "Invalid value: {message}": "valeur refusée : {message}",
    "Invalid value for {param_hint}: {message}": "valeur refusée pour {param_hint} : {message}",
    "Missing argument": "argument manquant :",
    "Missing option": "option manquante :",
    "Missing parameter": "paramètre manquant :",
    "Missing {param_type}": "{param_type} manquant :",
    "Missing parameter: {param_name}": "paramètre manquant : {param_name}",
    "No such option: {name}": "option inconnue : {name}",
    "No such command {name!r}.": "commande inconnue : {name!r}.",
    "Missing command.": "commande manquante.",
    "Aborted!": "Abandon.",
    "unknown error": "erreur inconnue",
    "Could not open file {filename!r}: {message}": (
        "impossible d'ouvrir le fichier {filename!r} : {message}"
    ),
    "Value must be an iterable.": "une liste de valeurs est attendue.",
    "Choose from:\n\t{choices}": "Choisissez parmi :\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un nombre valide.",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{value!r} is not a valid boolean.": "{value!r} n'est pas un booléen (oui ou non).",
    "{value!r} is not a valid UUID.": "{value!r} n'est pas un UUID valide.",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "{name} {filename!r} does not exist.": "{name} {filename!r} introuvable.",
    "{name} {filename!r} is a file.": "{name} {filename!r} : c'est un fichier.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} : c'est un dossier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} illisible.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} : écriture refusée.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} non exécutable.",
    "Argument {name!r} takes {nargs} values.": "L'argument {name!r} prend {nargs} valeurs.",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "default: {default}": "défaut : {default}",
    "required": "obligatoire",
    "(dynamic)": "(dynamique)",
    "env var: {var}": "variable d'environnement : {var}",
    "{text} {deprecated_message}": "{text} {deprecated_message}",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "Attention : la commande {name!r} est obsolète.{extra_message}"
    ),
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": (
        "Attention : {param_type} {name!r} est obsolète.{extra_message}"
    ),
    "Repeat for confirmation": "Répétez pour confirmer",
    "Error: The value you entered was invalid.": "Erreur : la valeur saisie est refusée.",
    "Error: {e.message}": "Erreur : {e.message}",
    "Error: The two entered values do not match.": "Erreur : les deux saisies diffèrent.",
    "Error: invalid input": "Erreur : réponse non comprise",
    "Press any key to continue...": "Appuyez sur une touche pour continuer…",
}
# Messages with a singular and a plural: the English singular → the two French forms.
PLURALS = {
    "Got unexpected extra argument ({args})": (
        "argument en trop : {args}",
        "arguments en trop : {args}",
    ),
    "Did you mean {possibility}?": (
        "Vouliez-vous dire {possibility} ?",
        "(options possibles : {possibilities})",
    ),
    "{value!r} is not {choice}.": (
        "{value!r} n'est pas {choice}.",
        "{value!r} n'est pas parmi {choices}.",
    ),
    "Option {name!r} requires an argument.": (
        "L'option {name!r} demande une valeur.",
        "L'option {name!r} demande {nargs} valeurs.",
    ),
    "Takes {nargs} values but 1 was given.": (
        "{nargs} valeurs sont attendues, 1 a été donnée.",
        "{nargs} valeurs sont attendues, {len} ont été données.",
    ),
    "{value!r} does not match the format {format}.": (
        "{value!r} ne suit pas le format {format}.",
        "{value!r} ne suit aucun des formats {formats}.",
    ),
    "{len_type} values are required, but {len_value} was given.": (
        "{len_type} valeurs sont attendues, {len_value} a été donnée.",
        "{len_type} valeurs sont attendues, {len_value} ont été données.",
    ),
}
# The modules of click that bind gettext's functions.
MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
)
# Metavars by click's type name (TEXT, FLOAT…).
METAVARS = {
    "text": "TEXTE",
    "integer": "ENTIER",
    "float": "NOMBRE",
    "boolean": "OUI|NON",
    "file": "FICHIER",
    "directory": "DOSSIER",
    "path": "CHEMIN",
}


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    forms = PLURALS.get(singular)
    if forms is None:
        return singular if count == 1 else plural
    return forms[0] if count == 1 else forms[1]


def speak_french(group: click.Group) -> None:
    """click's messages in French for this process, and French metavars for every
    parameter of `group` and its commands."""
    for name in MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    group.subcommand_metavar = "COMMANDE [ARGUMENTS]..."
    for command in _commands(group):
        for param in command.params:
            if param.metavar is None and not getattr(param, "is_flag", False):
                type_name = param.type.name
                if isinstance(param.type, click.Path):
                    type_name = "directory" if not param.type.file_okay else "file"
                french = METAVARS.get(type_name)
                if french is not None:
                    param.metavar = french


def _commands(group: click.Group) -> Iterator[click.Command]:
    yield group
    for command in group.commands.values():
        if isinstance(command, click.Group):
            yield from _commands(command)
        else:
            yield command
