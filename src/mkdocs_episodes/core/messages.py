"""French wording of pydantic's validation errors, for publishers rather than developers."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Collection
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from mkdocs_episodes.core.text import grouped
from mkdocs_episodes.core.yaml_source import FieldPath

# What a pattern-constrained field expects, said with an example.
_PATTERN_HINTS = {
    "slug": "attendu des minuscules sans accents, des chiffres et des tirets, "
    "par exemple « les-enjeux »",
    "themes": "attendu un identifiant de thème en minuscules, par exemple « sobriete »",
    "lang": "attendu un code de langue, par exemple « fr » ou « en »",
    "type": "attendu un type MIME, par exemple « video/webm » ou « audio/ogg »",
}

_TYPE_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "string_type": "texte attendu",
    "int_type": "nombre entier attendu, par exemple 3",
    "int_parsing": "nombre entier attendu, par exemple 3",
    "int_from_float": "nombre entier attendu, sans décimales",
    "bool_type": "true ou false attendu",
    "bool_parsing": "true ou false attendu",
    "list_type": "liste attendue (des lignes commençant par « - »)",
    "dict_type": "ensemble de champs attendu (nom: valeur, indentés)",
    "model_type": "ensemble de champs attendu (nom: valeur, indentés)",
    "model_attributes_type": "ensemble de champs attendu (nom: valeur, indentés)",
    "date_type": "date attendue au format AAAA-MM-JJ, par exemple 2024-07-20",
    "date_parsing": "date attendue au format AAAA-MM-JJ, par exemple 2024-07-20",
    "date_from_datetime_parsing": "date attendue au format AAAA-MM-JJ, par exemple 2024-07-20",
    "date_from_datetime_inexact": "date attendue sans heure, au format AAAA-MM-JJ",
    "string_too_short": "ne doit pas être vide",
    "too_short": "ne doit pas être vide",
}


def unknown_themes(themes: list[str], allowed: Collection[str]) -> list[tuple[int, str]]:
    """Index and message of each theme outside the allow-list of mkdocs.yml."""
    choices = ", ".join(sorted(allowed))
    return [
        (index, f"thème « {theme} » non déclaré dans mkdocs.yml (thèmes possibles : {choices})")
        for index, theme in enumerate(themes)
        if theme not in allowed
    ]


def field_name(loc: FieldPath) -> str:
    """`chapters[2].start`: the field as a publisher finds it in the file."""
    name = ""
    for part in loc:
        name += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name


def translate(error: ErrorDetails, root_model: type[BaseModel]) -> tuple[FieldPath, str]:
    """The location (mapping keys and list indexes) and French message of one error."""
    # A union chosen by the input's shape puts its tag (`~…`) in the location.
    loc: FieldPath = tuple(p for p in error["loc"] if not (isinstance(p, str) and p[:1] == "~"))
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    if kind == "extra_forbidden":
        known = _known_fields(root_model, loc[:-1])
        unknown = str(loc[-1])
        close = difflib.get_close_matches(unknown, known, n=1, cutoff=0.6)
        hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
        choices = ", ".join(sorted(known))
        return loc, f"champ inconnu « {unknown} »{hint} (champs possibles : {choices})"
    if kind == "value_error" or kind.endswith("_shape"):
        # A value_error carries our message; a union's `…_shape` error its own.
        message = str(ctx.get("error", error["msg"]))
        return loc, message
    if kind == "string_pattern_mismatch":
        names = [part for part in loc if isinstance(part, str)]
        hint = _PATTERN_HINTS.get(names[-1] if names else "", "format non reconnu")
        return loc, f"valeur « {error['input']} » refusée : {hint}"
    if kind == "literal_error":
        # pydantic lists the choices in English: « 'a', 'b' or 'c' ».
        expected = str(ctx.get("expected", "")).replace("' or '", "' ou '")
        return loc, f"valeur « {error['input']} » non reconnue : attendu {expected}"
    if kind in {"greater_than", "greater_than_equal"}:
        return loc, "nombre strictement positif attendu"
    if kind == "string_too_long":
        return loc, f"texte trop long : {_number(ctx.get('max_length'))} caractères au plus"
    if kind == "too_long":
        return loc, (
            f"liste trop longue : {_number(ctx.get('max_length'))} éléments au plus "
            f"(trouvé {_number(ctx.get('actual_length'))})"
        )
    hint = _common_mistake(kind, error["input"], loc)
    if hint:
        return loc, hint
    if kind in _TYPE_MESSAGES:
        message = _TYPE_MESSAGES[kind]
        if kind != "missing" and not isinstance(error["input"], dict | list):
            message += f" (trouvé « {error['input']} »)"
        return loc, message
    return loc, f"valeur refusée ({error['msg']})"


def _number(value: object) -> str:
    return grouped(value) if isinstance(value, int) else str(value)


_FRENCH_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def _common_mistake(kind: str, value: object, loc: FieldPath) -> str | None:
    """The usual mistakes of French text, said with the line as it should be written."""
    names = [part for part in loc if isinstance(part, str)]
    key = names[-1] if names else "champ"
    if kind.startswith("date") and isinstance(value, str) and (found := _FRENCH_DATE.match(value)):
        day, month, year = found.groups()
        return (
            f"date écrite à la française « {value} » : écrivez-la année-mois-jour, "
            f"« {key}: {year}-{int(month):02d}-{int(day):02d} »"
        )
    if kind == "list_type" and isinstance(value, str) and "," in value:
        items = ", ".join(part.strip() for part in value.split(",") if part.strip())
        return (
            f"liste écrite sur une ligne sans crochets (« {value} ») : écrivez « {key}: [{items}] », "
            "ou un élément par ligne commençant par « - »"
        )
    return None


def _known_fields(model: type[BaseModel], loc: FieldPath) -> list[str]:
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else current
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = field.annotation
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """`Video | None` → `Video`; keeps `list[Chapter]` as it is."""
    origin = typing.get_origin(annotation)
    if origin in {typing.Union, types.UnionType}:
        options = [_unwrap(arg) for arg in typing.get_args(annotation) if arg is not type(None)]
        # `Audio | list[Audio]`: the fields are the model's, whichever form was written.
        models = [o for o in options if isinstance(o, type) and issubclass(o, BaseModel)]
        return options[0] if len(options) == 1 else (models[0] if models else annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    return annotation
