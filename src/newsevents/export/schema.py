"""An export schema: its columns, their types and how a stored event fills them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .records import ExportContext, ExportRecord

# Column types: "int", "float", "bool", "date", "str" (the default).
ColumnTypes = Mapping[str, str]
RowFunction = Callable[[ExportRecord, ExportContext], tuple[Any, ...]]


@dataclass(frozen=True)
class ExportSchema:
    name: str
    columns: tuple[str, ...]
    types: ColumnTypes
    row: RowFunction
    # Columns that look like numbers but are codes ("043"): readers of the CSV should
    # keep them as text (pandas: dtype={c: str for c in string_columns}).
    string_columns: tuple[str, ...] = ()

    def type_of(self, column: str) -> str:
        return self.types.get(column, "str")


def actor_name(actor: Any) -> str | None:
    return (actor.name or actor.text or None) if actor is not None else None
