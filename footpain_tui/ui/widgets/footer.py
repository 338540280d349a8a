"""The one Footer every screen shows.

Compact, and without Textual's "^p palette" hint: at 80 columns its twelve cells are what a
checklist's keys (toggle, confirm, back, review, what if, map, quit, help) need. ctrl+p still
opens the palette; help lists it, and the title bar's icon opens it too.

Textual's Footer rebuilds its keys (a dozen widgets, about 20 ms) on every signal that the
bindings may have changed: a move, a change of focus, a key whose check changed. One step
into a result sent three. This one rebuilds only when what it shows changes, once however
many signals came, and on a terminal only after the frame that brought the change is
painted, so the rebuild never delays the next question.
"""

from __future__ import annotations

from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Footer

# What a Footer shows, key by key: enough to tell whether a rebuild would change anything.
ShownKeys = tuple[tuple[object, ...], ...]


class ScreenFooter(Footer):
    """Textual's Footer, rebuilt only when the keys it shows change."""

    _shown: ShownKeys | None = None
    _keys_due = False  # a rebuild is asked for once this line is painted (see render_lines)

    def shown_keys(self) -> ShownKeys:
        return tuple(
            (binding.key, binding.key_display, binding.description, binding.action, enabled, tip)
            for _node, binding, enabled, tip in self.screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen) -> None:
        # As Footer.bindings_changed: the first signal makes compose draw the keys.
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if self.app.is_headless:  # nothing is painted (tests): rebuild as Textual would
            self.call_after_refresh(self._update_keys)
        elif not self._keys_due:
            self._keys_due = True
            self.refresh()  # one line to draw again, in the frame the change brings

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._keys_due:
            self._keys_due = False
            self.call_later(self._update_keys)  # runs once this frame is painted
        return super().render_lines(crop)

    async def _update_keys(self) -> None:
        if not self.is_attached:
            return
        shown = self.shown_keys()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()


def screen_footer() -> Footer:
    return ScreenFooter(compact=True, show_command_palette=False)
