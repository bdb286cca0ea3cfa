"""JupyterLab as an analyst uses it, driven in headless Chromium: a story notebook with an edited
parameter, run top to bottom, leaves the repository as it was (git status clean); the landing
notebook's controls recompute a story when a slider moves. Runs on a throwaway copy of the
repository made into its own git repository; skips without Chromium, like the site tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BIN = Path(sys.executable).parent
SHOT = ROOT / "build" / "screenshots" / "lab-explore-failed.png"
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium not found: install Debian's package with "
                             "`apt-get install chromium` (CI's .ci/run does)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _git(copy: Path, *args: str) -> str:
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", HOME=str(copy.parent))
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
                          cwd=copy, env=env, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A repository copy under git, and JupyterLab serving it on a free local port."""
    home = tmp_path_factory.mktemp("lab")
    copy = home / "repo"
    for name in ("cecot", "data", "notebooks", "figures"):
        shutil.copytree(ROOT / name, copy / name,
                        ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    shutil.copy(ROOT / ".gitignore", copy / ".gitignore")
    _git(copy, "init", "-q")
    _git(copy, "add", "-A")
    _git(copy, "commit", "-qm", "copy")
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(copy), HOME=str(home),
               JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "rt"))
    server = subprocess.Popen(
        [str(BIN / "jupyter"), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         "--ServerApp.token=", "--ServerApp.password=", f"--ServerApp.root_dir={copy}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--allow-root"], cwd=copy, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{base}/api/status", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("JupyterLab did not start")
    yield base, copy
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(lab):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                      args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser window per test: no tab or dialog left over from the test before."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


ACTIVE = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook in the tab shown


def _open(page, base: str, notebook: str) -> None:
    # ?reset: a fresh workspace, so no notebook of an earlier test comes back in a tab.
    page.goto(f"{base}/lab/tree/notebooks/{notebook}?reset", wait_until="load")
    page.wait_for_selector(f"{ACTIVE} .jp-Cell", timeout=60_000)
    page.wait_for_selector(f"{ACTIVE} .jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=120_000)


def _run_all(page) -> None:
    """Run ▸ Run All Cells, as an analyst would; again if the kernel was not yet listening."""
    for _ in range(3):
        page.click(".lm-MenuBar-itemLabel:text-is('Run')")
        page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
        try:
            page.wait_for_selector(f"{ACTIVE} .jp-InputPrompt:text-matches('\\[[0-9*]+\\]')",
                                   timeout=30_000)
            return
        except Exception:  # noqa: BLE001 - no cell started: try the menu again
            continue
    raise AssertionError("Run All Cells started no cell")


def test_run_all_with_an_edited_parameter_leaves_git_clean(lab, page):
    base, copy = lab
    _open(page, base, "01-density.ipynb")
    editor = page.locator(".jp-Cell").nth(1).locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.type('population = 20000\nlang = "es"\n')
    _run_all(page)
    # The last cell shows the computed caveat, in Spanish: the run went through.
    page.wait_for_selector("text=Ninguna de las 18 cifras de presos publicadas", timeout=120_000)
    page.wait_for_selector(f"{ACTIVE} .jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=60_000)
    status = _git(copy, "status", "--porcelain", "--untracked-files=all")
    assert status == "", status
    # It wrote into its scratch folder, with the edited parameter.
    numbers = (copy / "build" / "scratch" / "density" / "numbers.json").read_text()
    assert '"population": 20000' in numbers


def test_the_landing_notebook_recomputes_when_a_slider_moves(lab, page):
    base, copy = lab
    _open(page, base, "00-explore.ipynb")
    _run_all(page)
    try:
        page.wait_for_selector(".widget-slider", timeout=300_000)
    except Exception:
        SHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOT))  # what the analyst would have seen
        raise
    first = page.locator(".jupyter-widgets.widget-vbox").first
    first.locator("text=At its stated capacity of 40,000, each prisoner would have 0.64").wait_for(
        timeout=120_000)
    slider = first.locator(".widget-slider").filter(has_text="population").first
    readout = slider.locator(".widget-readout")
    readout.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("20000")
    page.keyboard.press("Enter")
    # 20,000 / 256 cells = 78.125 per cell; 100 m² / 78.125 = 1.28 m² each.
    first.locator("text=With 20,000 held, each prisoner would have 1.28").wait_for(
        timeout=120_000)
    status = _git(copy, "status", "--porcelain", "--untracked-files=all")
    assert status == "", status
