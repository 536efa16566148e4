"""`mkdocs serve` keeps serving when a rebuild fails for a reason outside the episodes
(mkdocs.yml broken, a template error): MkDocs would otherwise leave every page request
waiting until the error is fixed, which looks to a publisher like a frozen browser."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

KEPT = (
    "Reconstruction impossible (message ci-dessus) : le site servi garde sa dernière "
    "version ; corrigez le fichier et enregistrez-le pour reconstruire."
)


def keep_serving(builder: Callable[..., Any]) -> Callable[..., Any]:
    """`builder`, saying a failure in French instead of stalling the server."""

    def build(*args: Any, **kwargs: Any) -> Any:
        try:
            return builder(*args, **kwargs)
        except Exception as error:  # any failure: the preview must go on answering
            print(f"{error}\n{KEPT}", file=sys.stderr)
            return None

    return build
