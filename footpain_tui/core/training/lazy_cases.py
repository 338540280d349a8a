"""LazyCases: the bundled case file, loaded and checked only when training first asks.

Apart from :mod:`.case_check` so that the explorer's start-up imports neither pydantic nor
the checks (lint, summaries): this module imports them when the cases are first used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..tree.graph import TreeIndex
    from ..tree.model import Tree
    from .case_file import Case, CaseFile


class LazyCases:
    """A case file that is loaded, and checked against its tree, only when first used.

    It stands in for a :class:`CaseFile` where the explorer only reads ``.cases``, calls
    ``.case(id)`` and tests ``if cases:``, so the explorer can paint before pydantic is
    imported. A file that cannot be loaded, or whose cases do not fit the tree, counts as
    no cases (falsy, ``cases == []``); ``problems`` then says why.
    """

    def __init__(self, path: str | Path, tree: Tree, index: TreeIndex | None = None) -> None:
        self.path = Path(path)
        self.tree = tree
        self.index = index
        self.problems: list[str] = []
        self._loaded = False
        self._file: CaseFile | None = None

    def _load(self) -> CaseFile | None:
        if not self._loaded:
            self._loaded = True
            from ..tree.loader import TreeLoadError
            from .case_check import check_cases
            from .case_file import load_cases

            try:
                case_file = load_cases(self.path)
            except TreeLoadError as exc:
                self.problems = [str(p) for p in exc.problems]
            else:
                report = check_cases(case_file, self.tree, self.index)
                if report.ok:
                    self._file = case_file
                else:
                    self.problems = [str(f) for f in report.findings]
        return self._file

    @property
    def cases(self) -> list[Case]:
        case_file = self._load()
        return case_file.cases if case_file is not None else []

    def case(self, case_id: str) -> Case:
        case_file = self._load()
        if case_file is None:
            raise KeyError(f"no case {case_id!r}")
        return case_file.case(case_id)

    def __len__(self) -> int:
        return len(self.cases)
