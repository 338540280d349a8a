"""The served app in a real browser: headless Chromium, driven by keys like a trainee.

Each test serves the mini tree, opens the page, answers by keys, reads the screen from the
page text (xterm.js renders into the DOM without WebGL), then closes the tab and checks that
the tab's app process ended and what it recorded.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .serving import (
    FOOTPAIN,
    MINI,
    MINI_CASES,
    Served,
    command_line,
    cpu_ticks,
    running,
    wait_for,
)

APP_ENDS_WITHIN_SECONDS = 5.0
FIRST_QUESTION = "Is the foot swollen, heavy and warm?"


def screen_text(page: Any) -> str:
    return page.evaluate("document.body.innerText")


def wait_for_text(page: Any, text: str) -> None:
    page.wait_for_function("t => document.body.innerText.includes(t)", arg=text, timeout=30_000)


def open_tab(browser: Any, served: Served) -> Any:
    """A new tab on the served page, its app started and showing the first question."""
    page = browser.new_page(viewport={"width": 1100, "height": 700})
    page.goto(served.url)
    page.locator("#terminal").click()  # focus the terminal, so keys reach the app
    wait_for_text(page, FIRST_QUESTION)
    return page


def the_only_tab(browser: Any, served: Served) -> tuple[Any, int]:
    """The first tab on a server, and its app's process id."""
    page = open_tab(browser, served)
    [app] = served.wait_for_apps(1)
    return page, app


def close_tab_and_wait_for_its_app(page: Any, app: int) -> None:
    page.close()
    wait_for(lambda: not running(app), "the tab's app to end", timeout=APP_ENDS_WITHIN_SECONDS)


def test_a_tab_walks_to_a_result_and_closing_it_ends_its_app(browser, serve, tmp_path: Path):
    served = serve()
    page, app = the_only_tab(browser, served)
    # The tab runs the CLI's own explorer on the served tree, with the same interpreter.
    assert command_line(app)[:5] == [sys.executable, "-m", "footpain_tui", "explore", str(MINI)]

    page.keyboard.press("n")
    wait_for_text(page, "When does it hurt?")
    page.keyboard.press("x")  # the shortcut of "After exercise"
    wait_for_text(page, "Pain after unusual load.")
    screen = screen_text(page)
    assert "Overuse" in screen and "SELF-CARE" in screen.upper()

    shot = page.screenshot(path=str(tmp_path / "served-app.png"))
    blank = browser.new_page(viewport={"width": 1100, "height": 700})
    blank_shot = blank.screenshot()
    blank.close()
    assert shot[:8] == b"\x89PNG\r\n\x1a\n"
    # A screen full of text compresses far worse than an empty page of the same size.
    assert len(shot) > 5 * len(blank_shot), (len(shot), len(blank_shot))

    close_tab_and_wait_for_its_app(page, app)
    [session] = served.history()
    assert (session["result"], session["finished"], session["steps"]) == ("r_overuse", True, 2)

    # With no tab open the server waits without using the CPU (measured over 3 s).
    assert served.apps() == []
    before = cpu_ticks(served.pid)
    time.sleep(3)
    assert cpu_ticks(served.pid) - before <= 1  # clock ticks: 1/100 s each


def test_training_works_in_a_tab(browser, serve):
    served = serve("--cases", str(MINI_CASES))
    page, app = the_only_tab(browser, served)
    page.keyboard.press("t")
    wait_for_text(page, "Who is training?")  # asked once: serve was given no --trainee
    page.keyboard.type("Ada Lovelace")
    page.keyboard.press("Enter")
    wait_for_text(page, "trainee: Ada Lovelace")
    wait_for_text(page, "A swollen, warm foot")
    page.keyboard.press("Enter")  # the first case
    wait_for_text(page, "flew home from Australia")
    page.keyboard.press("y")
    wait_for_text(page, "commit to your call")  # predict, then reveal: on by default
    page.keyboard.press("1")  # the first cause offered
    page.keyboard.press("1")  # EMERGENCY
    wait_for_text(page, "MATCHED")
    assert "Urgency: " in screen_text(page)  # the prediction is marked
    assert "Screen for thrombosis before anything else." in screen_text(page)
    close_tab_and_wait_for_its_app(page, app)
    [session] = served.history()
    assert (session["mode"], session["case"], session["matched"], session["trainee"]) == (
        "training",
        "swollen_calf",
        True,
        "Ada Lovelace",
    )


def test_a_tab_closed_mid_walk_leaves_its_record_complete_to_the_last_answer(browser, serve):
    served = serve()
    page, app = the_only_tab(browser, served)
    page.keyboard.press("n")
    wait_for_text(page, "When does it hurt?")
    close_tab_and_wait_for_its_app(page, app)
    [session] = served.history()
    assert (session["steps"], session["finished"], session["result"]) == (1, False, None)


def test_sigterm_on_the_server_ends_every_open_tab_s_app_and_exits_0(browser, serve):
    served = serve()
    first, second = open_tab(browser, served), open_tab(browser, served)
    apps = served.wait_for_apps(2)
    first.keyboard.press("n")
    wait_for_text(first, "When does it hurt?")
    assert served.terminate() == 0
    assert [pid for pid in apps if running(pid)] == []
    assert "stopping: ending 2 apps" in served.output()
    [session] = served.history()  # the first tab's answer was saved
    assert session["steps"] == 1
    wait_for_text(second, "Session ended")  # the page says so instead of freezing


def test_q_ends_the_tab_s_app_and_the_page_offers_a_restart(browser, serve):
    served = serve()
    page, app = the_only_tab(browser, served)
    page.keyboard.press("q")
    wait_for_text(page, "Session ended.")
    wait_for(lambda: not running(app), "the app to end", timeout=APP_ENDS_WITHIN_SECONDS)
    page.get_by_role("button", name="Restart").click()
    wait_for_text(page, FIRST_QUESTION)  # a new app for the same tab
    served.wait_for_apps(1)


def test_the_html_report_opens_with_its_charts_and_tables(browser, tmp_path: Path):
    """A class of three trainees, the report written by the CLI, opened in Chromium."""
    from class_records import RIGHT, UNDER, train

    for trainee, case, answers, prediction in (
        ("Ada", "swollen_calf", ["Yes"], RIGHT),
        ("Ada", "new_jogger", ["No", "At night"], None),
        ("Ben", "swollen_calf", ["No", "After exercise"], UNDER),
        ("Ben", "night_pain", ["No", "At night"], None),
        ("Cy", "new_jogger", ["No", "After exercise"], RIGHT),
        ("Cy", "new_jogger", ["No", "In the morning"], None),
    ):
        train(tmp_path / trainee, trainee, case, answers, prediction=prediction)
    report = tmp_path / "report.html"
    folders = [str(tmp_path / name) for name in ("Ada", "Ben", "Cy")]
    done = subprocess.run(
        [*FOOTPAIN, "report", "--data-dir", *folders, "--format", "html", "-o", str(report)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(report.as_uri())
    text = screen_text(page)
    assert text.index("Urgency under-calls: the dangerous error") < text.index("Cases")
    assert "Ben called SOON on “A swollen, warm foot”, which needs URGENT" in text
    for heading in ("Overall", "Cases", "Questions", "Trainees", "Sources"):
        assert page.get_by_role("heading", name=heading).is_visible()
    # Every chart is drawn with room on the page, and the tables have their rows.
    charts = page.locator("figure svg")
    assert charts.count() >= 4
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 500 and box["height"] > 60, box
    assert page.locator("#trainees tbody tr").count() == 3
    shot = page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    blank = browser.new_page(viewport={"width": 1100, "height": 900})
    blank_shot = blank.screenshot(full_page=True)
    blank.close()
    assert shot[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(shot) > 20 * len(blank_shot), (len(shot), len(blank_shot))
    # Printed (black and white included), the page keeps its charts.
    page.emulate_media(media="print")
    assert page.locator("figure svg").first.is_visible()
    page.close()
