"""JupyterLab as an analyst uses it (`make lab`), driven in headless Chromium, on a throwaway copy
of the repository under git with the echo story installed (tests/machinery/fixture):

- `make lab` opens the landing notebook itself; its live controls show their chart as an image,
  and the image changes when a slider moves;
- a story notebook edited, run and left open past a real autosave (JupyterLab's own timer, set
  to one second here instead of two minutes) changes nothing: git status stays clean, and a
  build of the published stories afterwards (`make figures`) builds nothing and leaves figures/
  as it was.

Every wait is for a condition, with a generous bound; none is a fixed sleep. Skips without
Chromium, like the site tests."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from cecot import registry

from conftest import snapshot

sys.path.insert(0, str(Path(__file__).parent / "machinery"))
from echo import built, cecot, install_project  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium not found: install Debian's package with "
                             "`apt-get install chromium` (CI's .ci/run does)")]
WAIT_MS = 180_000  # generous: a loaded two-core machine runs a kernel slowly
PUBLISHED = list(registry.stories())  # the stories make figures publishes (not the fixture)
AUTOSAVE_SECONDS = 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _git(copy: Path, *args: str) -> str:
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", HOME=str(copy.parent))
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
                          cwd=copy, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def _wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds:.0f} s for {what}")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """The copy, built and committed, and `python -m cecot lab` (what `make lab` runs) serving
    it on a free local port."""
    home = tmp_path_factory.mktemp("lab")
    copy = install_project(home / "repo", figures=True)
    shutil.copy(Path(__file__).parents[1] / ".gitignore", copy / ".gitignore")
    _git(copy, "init", "-q")
    _git(copy, "add", "-A")
    _git(copy, "commit", "-qm", "copy")
    settings = home / "settings" / "@jupyterlab" / "docmanager-extension"
    settings.mkdir(parents=True)
    (settings / "plugin.jupyterlab-settings").write_text(
        json.dumps({"autosaveInterval": AUTOSAVE_SECONDS}))
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(copy), HOME=str(home),
               JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "rt"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "settings"))
    server = subprocess.Popen(
        [sys.executable, "-m", "cecot", "lab", "--no-browser", f"--port={port}",
         "--ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        cwd=copy, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            urllib.request.urlopen(f"{base}/api/status", timeout=2)
            return True
        except OSError:
            return server.poll() is not None  # died: stop waiting, and say so below

    _wait_until(up, 180, "JupyterLab to start")
    assert server.poll() is None, "JupyterLab exited"
    published = snapshot(copy / "figures"), snapshot(copy / "notebooks")
    yield base, copy, published
    server.terminate()
    server.wait(timeout=60)


@pytest.fixture(scope="module")
def browser(lab):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"])
        yield chromium
        chromium.close()


FAILED_SHOT = Path(__file__).parents[1] / "build" / "screenshots"


@pytest.fixture(scope="module")
def window(browser):
    """One JupyterLab window for the module, as an analyst keeps one open: the tests follow one
    another in it (the landing notebook, then a story notebook opened from the file browser)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def page(window, request):
    """The window; if a test fails, what the analyst would have seen is kept in
    build/screenshots/."""
    yield window
    if getattr(request.node, "failed", False):
        FAILED_SHOT.mkdir(parents=True, exist_ok=True)
        window.screenshot(path=str(FAILED_SHOT / f"lab-{request.node.name}.png"))



ACTIVE = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook in the tab shown


def _ready(page) -> None:
    """The notebook shown, its kernel started and idle (answering what JupyterLab asks on the
    way: `_no_dialog`)."""
    from playwright.sync_api import TimeoutError as Timeout

    page.wait_for_selector(f"{ACTIVE} .jp-Cell", timeout=WAIT_MS)
    idle = page.locator(f"{ACTIVE} .jp-Notebook-ExecutionIndicator[data-status='idle']")
    deadline = time.monotonic() + WAIT_MS / 1000
    while True:
        _no_dialog(page)
        try:
            idle.first.wait_for(timeout=2_000)
            return
        except Timeout:
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {WAIT_MS // 1000} s for the kernel") from None


KERNEL = "Python 3 (ipykernel)"  # the notebooks' kernel


def _no_dialog(page) -> None:
    """What JupyterLab asks on a loaded machine is answered as an analyst would: its notice
    that a kernel died and is restarting (a missed heartbeat) is acknowledged, and when it
    asks which kernel to start (its kernel list or the start came too late), the notebooks'
    own kernel is chosen. Any other dialog fails the test with its words, so the failure says
    what JupyterLab said."""
    dialog = page.locator(".jp-Dialog")
    if dialog.count() and dialog.first.is_visible():
        said = dialog.first.inner_text()
        if "Select Kernel" in said and KERNEL in said:
            dialog.first.locator("select").select_option(label=KERNEL)
        elif "restart" not in said.lower():
            raise AssertionError(f"JupyterLab opened a dialog: {said!r}")
        dialog.first.locator(".jp-Dialog-button.jp-mod-accept").first.click()


def _pick_until_queued(page, prompt, item: str, before=None) -> None:
    """Run ▸ `item` (a menu label pattern), as an analyst would. A menu pick made before the
    notebook listens, or lost on a loaded machine, queues nothing: if the cell of `prompt` has
    not even been queued ([*]) soon after, pick it again."""
    for _ in range(5):
        _no_dialog(page)
        if before:
            before()
        page.click(".lm-MenuBar-itemLabel:text-is('Run')")
        page.click(f".lm-Menu-itemLabel:text-matches('{item}')")
        try:
            page.wait_for_function("el => /\\[[0-9*]+\\]/.test(el.textContent)",
                                   arg=prompt.element_handle(), timeout=15_000)
            return
        except Exception:  # noqa: BLE001 - not queued: the pick was lost
            continue
    raise AssertionError(f"'{item}' never queued the cell")


def _run_cell(page, index: int) -> None:
    """Select a cell and run it (Run ▸ Run Selected Cell), and wait until it has run."""
    prompt = page.locator(f"{ACTIVE} .jp-Cell").nth(index).locator(".jp-InputArea-prompt")
    _pick_until_queued(page, prompt, "^Run Selected Cells?$", before=prompt.click)
    page.wait_for_function("el => /\\[[0-9]+\\]/.test(el.textContent)",
                           arg=prompt.element_handle(), timeout=WAIT_MS)


def test_make_lab_opens_the_landing_notebook_and_its_charts_show(lab, page):
    base, copy, _ = lab
    page.goto(f"{base}/?reset", wait_until="load")  # the address `make lab` prints
    _ready(page)
    assert page.locator(".jp-DocumentWidget.jp-mod-current, .lm-TabBar-tab.jp-mod-current"
                        ).filter(has_text="00-explore.ipynb").count() >= 1
    _run_cell(page, 1)  # import cecot
    _run_cell(page, 3)  # cecot.explore("density")
    image = page.locator(f"{ACTIVE} .widget-output img").first
    image.wait_for(timeout=WAIT_MS)
    before = image.get_attribute("src")
    assert before.startswith("data:image/png;base64,")
    explorer = page.locator(".jupyter-widgets.widget-vbox").first
    explorer.locator("text=the 256 cells would hold 7,424 people").first.wait_for(timeout=WAIT_MS)
    readout = explorer.locator(".widget-slider").filter(has_text="population").first \
        .locator(".widget-readout")
    readout.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("20000")
    page.keyboard.press("Enter")
    # 20,000 / 256 cells = 78.125 per cell; 100 m² / 78.125 = 1.28 m² each: numbers and chart.
    explorer.locator("text=With 20,000 held, a scenario, each would have 1.28").wait_for(
        timeout=WAIT_MS)
    page.wait_for_function(
        "([sel, old]) => { const i = document.querySelector(sel); return i && i.src !== old; }",
        arg=[f"{ACTIVE} .widget-output img", before], timeout=WAIT_MS)


def test_an_edited_notebook_left_open_past_an_autosave_publishes_nothing(lab, page):
    base, copy, published = lab
    working = copy / "build" / "lab" / "90-echo.ipynb"
    if not page.url.startswith(base):  # run alone: open JupyterLab first
        page.goto(f"{base}/?reset", wait_until="load")
    _no_dialog(page)
    page.locator(".jp-DirListing-item").filter(has_text="90-echo.ipynb").dblclick()  # the file browser
    page.wait_for_selector(".lm-TabBar-tab.jp-mod-current:has-text('90-echo.ipynb')",
                           timeout=WAIT_MS)
    _ready(page)
    editor = page.locator(f"{ACTIVE} .jp-Cell").nth(1).locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    # Inserted as one edit, as a paste is: typed key by key, the editor's own helpers (closing
    # quotes, completion) can eat characters on a loaded machine ('lang: str "en"').
    page.keyboard.insert_text('n: int = 7  # the number squared\nlang: str = "en"\n'
                              'output_dir: str = ""\n')
    editor.locator("text=n: int = 7").wait_for(timeout=WAIT_MS)
    first = page.locator(f"{ACTIVE} .jp-Cell").nth(1).locator(".jp-InputArea-prompt")
    _pick_until_queued(page, first, "^Run All Cells$")
    page.locator(f"{ACTIVE} >> text=n is 7").first.wait_for(timeout=WAIT_MS)
    # The run ends with its numbers written: every cell has run.
    numbers_file = copy / "build" / "scratch" / "echo" / "numbers.json"
    _wait_until(lambda: numbers_file.exists() and '"n": 7' in numbers_file.read_text(), 180,
                "the run to finish")
    # JupyterLab's own autosave writes the edit to disk: into the working copy.
    _wait_until(lambda: "n: int = 7" in working.read_text(encoding="utf-8"), 120,
                "the autosave")
    status = _git(copy, "status", "--porcelain", "--untracked-files=all")
    assert status == "", status
    assert (snapshot(copy / "figures"), snapshot(copy / "notebooks")) == published
    # What `make figures` runs: every published story is up to date, nothing is published.
    assert built(cecot(copy, "build", *PUBLISHED)) == set()
    assert (snapshot(copy / "figures"), snapshot(copy / "notebooks")) == published
    # The run wrote only its scratch folder, with the edited value.
    assert json.loads(numbers_file.read_text())["n"] == 7
