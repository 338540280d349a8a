"""The one Footer every screen shows.

Compact, and without Textual's "^p palette" hint: at 80 columns its twelve cells are what a
checklist's keys (toggle, confirm, back, review, what if, map, quit, help) need. ctrl+p still
opens the palette; help lists it, and the Header's icon opens it too.
"""

from __future__ import annotations

from textual.widgets import Footer


def screen_footer() -> Footer:
    return Footer(compact=True, show_command_palette=False)
