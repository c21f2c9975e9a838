"""Every use of click's and Typer's internals, one job a module: `params` (parameter types and
parsing), `usage` (usage errors as one plain line, loaded only when there is one), `layout`
(the help screen), `groups` (the root group and the lazy command table), `fast` (the table of
plain options post's fast path keeps a copy of).

typer 0.26 vendors click and 0.29 adds pydantic, so these subclasses are pinned to the
typer/click range in pyproject.toml; tests/unit/test_framework.py fails loudly when that moves.
This package holds the only imports of click in greenstatus.
"""

from __future__ import annotations

from .groups import LazyGroup, PlainGroup, lazy_group, load_command, resolve_annotations
from .layout import prepare_tree
from .params import _optional_values, choice, new_context, optional_choice

__all__ = [
    "LazyGroup",
    "PlainGroup",
    "_optional_values",
    "choice",
    "lazy_group",
    "load_command",
    "new_context",
    "optional_choice",
    "prepare_tree",
    "resolve_annotations",
]
