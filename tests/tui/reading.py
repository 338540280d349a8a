"""Read what the widgets show, and wait for state instead of sleeping."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.tree import TreeNode


def plain(static: Widget) -> str:
    """The text a Static or a text panel shows (as written, before wrapping)."""
    if not isinstance(static, Static):
        return static.plain  # TextView, PathBar
    visual = static.visual
    return visual.plain if isinstance(visual, Content) else str(visual)


def rendered(widget: Widget) -> str:
    """The lines a leaf widget draws on screen, after wrapping and line filters (NO_COLOR)."""
    width, height = widget.outer_size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


def option_texts(options: OptionList) -> list[str]:
    return [str(option.prompt) for option in options.options]


def question_parts(app) -> dict[str, str]:
    """The current question as shown: ``prompt``, ``red_flag`` (the tag before it, or ""),
    ``hint`` (how to answer a checklist, or "") and ``why``."""
    from footpain_tui.ui.widgets.branch_panel import QuestionHead, QuestionText

    head = app.screen.query_one(QuestionHead).blocks
    why = app.screen.query_one(QuestionText).blocks
    return {
        "prompt": head[0].text.plain,
        "red_flag": head[0].prefix.plain.strip(),
        "hint": head[1].text.plain if len(head) > 1 else "",
        "why": why[0].text.plain if why else "",
    }


def choice_texts(app) -> list[str]:
    """The choices of the current question, as shown: ``1. Yes [y]``."""
    from footpain_tui.ui.widgets.choice_list import ChoiceList

    return [(b.prefix + b.text).plain for b in app.screen.query_one(ChoiceList).blocks]


def loaded_nodes(node: TreeNode) -> list[TreeNode]:
    """Every node added to a Tree widget under ``node`` (itself included)."""
    found, stack = [], [node]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(current.children)
    return found


async def wait_until(pilot: Pilot, condition: Callable[[], bool], what: str) -> None:
    """Let the app run until ``condition()`` holds; fail after ~5 s."""
    for _ in range(250):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what}")


async def wait_for_screen(pilot: Pilot, screen_type: type) -> None:
    """Until a screen of that type is on top and mounted (its widgets can be queried)."""
    await wait_until(
        pilot,
        lambda: isinstance(pilot.app.screen, screen_type) and pilot.app.screen.is_mounted,
        screen_type.__name__,
    )


def spy_notifications(app) -> list[str]:
    """Messages the app shows as toasts, in order (the original notify still runs)."""
    seen: list[str] = []
    original = app.notify

    def notify(message, **kwargs):
        seen.append(str(message))
        original(message, **kwargs)

    app.notify = notify
    return seen


def result_parts(app) -> dict[str, str]:
    """The result pane as shown: ``banner``, ``raised`` (why a floor raised the urgency, or
    ""), ``title``, ``reported`` ("You reported: ..." or ""), then each section's text by
    heading."""
    from footpain_tui.ui.widgets.result_pane import RAISED, REPORTED, SECTIONS, ResultPane

    headings = {section.heading for section in SECTIONS}
    blocks = app.screen.query_one(ResultPane).blocks
    parts = {"banner": blocks[0].text.plain, "raised": "", "reported": ""}
    current = None
    for block in blocks[1:]:
        text = (block.prefix + block.text).plain
        if current is None and block.text.plain.startswith(RAISED.plain):
            parts["raised"] = block.text.plain
        elif current is None and block.prefix == REPORTED:
            parts["reported"] = text
        elif current is None and "title" not in parts:
            parts["title"] = text
        elif text in headings:
            current = text
            parts[current] = ""
        elif current is not None:
            parts[current] += ("\n" if parts[current] else "") + text
    return parts
