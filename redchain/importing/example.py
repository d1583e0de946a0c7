"""Telling the template's example row from a real one.

``redchain import --template`` writes one example row under the headers, to show what each
column takes, and marks it in its first column, the row counter (序号 / No.), with 示例 or
``example``. A clerk who fills in the rows below and forgets to delete it would import a unit
that does not exist, so a row so marked is refused. A row whose every example column still
holds the example is refused too when one of those examples is made up (某某银行...), which
catches the example row of a template whose counter column was deleted.
"""

from __future__ import annotations

from typing import Any

from redchain.importing.headers import COUNTER_HEADERS, Layout
from redchain.importing.normalize import cell_text, fold

MARKS = {"zh": "示例", "en": "example"}
MESSAGE = "is the template's example row, not a real one"
FIX = "delete this row (it came with the template), or replace its values with a real row's"
# An example no real row holds: a made-up name.
MADE_UP = "某某"
_MARKS = {fold(m) for m in MARKS.values()}
_COUNTERS = {fold(h) for h in COUNTER_HEADERS}


class ExampleRow:
    """Recognises the example row of ``layout``'s kind among a file's rows."""

    def __init__(self, layout: Layout) -> None:
        self.counter = next((i for i, h in enumerate(layout.headers) if fold(h) in _COUNTERS), None)
        examples = {f.name: f.example for f in layout.kind.fields if f.example}
        columns = [
            (index, fold(examples[name]))
            for name, index in layout.columns.items()
            if name in examples
        ]
        made_up = any(MADE_UP in examples[name] for name in layout.columns if name in examples)
        self.columns = columns if made_up else []

    def matches(self, cells: list[Any]) -> bool:
        counter = self.counter
        if counter is not None and counter < len(cells):
            value = cells[counter]
            if isinstance(value, str) and fold(value) in _MARKS:
                return True
        if not self.columns:
            return False
        index, example = self.columns[0]
        if index >= len(cells) or fold(cell_text(cells[index])) != example:
            return False  # the common case, decided by one cell
        return all(
            index < len(cells) and fold(cell_text(cells[index])) == example
            for index, example in self.columns
        )
