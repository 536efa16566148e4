"""Questions asked in a terminal, each until its answer passes its check.

`episodes new` used to stop at the first wrong answer, losing every answer typed so far:
here a refused answer is said at once and its question comes again. Without a terminal
(CI, a script), an answer comes from its option only, and a refused or missing one ends
the command with a French message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn, TypeVar

import click

from mkdocs_episodes.core.new_episode import AnswerError

T = TypeVar("T")


class Questions:
    """Each answer from its option, or asked in a terminal until its check passes."""

    def __init__(self, fail: Callable[[str], NoReturn], *, interactive: bool) -> None:
        self.fail = fail
        self.interactive = interactive

    def __call__(
        self,
        question: str,
        option: str,
        given: str | None,
        check: Callable[[str], T],
        default: str | None = None,
    ) -> T:
        """`check`'s value for the option's answer (`given`), or for the one typed."""
        while True:
            if not given:
                if not self.interactive:
                    if default is None:
                        self.fail(f"l'option {option} est requise")
                    given = default
                else:
                    # French puts a space before the colon.
                    given = str(
                        click.prompt(
                            question,
                            default=default,
                            show_default=bool(default),
                            prompt_suffix=" : ",
                        )
                    )
            try:
                return check(given)
            except AnswerError as problem:
                if not self.interactive:
                    self.fail(str(problem))
                # Said at once; the question comes again, the other answers are kept.
                click.echo(f"Erreur : {problem}", err=True)
                given = None
