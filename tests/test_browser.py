"""Briefings in a real headless browser (Debian's chromium), as a reader on a phone or printing sees them.

A copy of each page gets a small script that, once the page has loaded, records what the browser
laid out: every chart decoded and drawn at a readable size, nothing wider than the phone's screen.
Chromium prints the DOM with that record; the page is also screenshot at phone width and printed
to A4. Where no browser can be installed (scripts/install-browser.sh) the tests skip and say so.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spo_stats.cli.main import app
from tests.conftest import RETURNS

runner = CliRunner()
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
PROBE = """<script>
window.addEventListener("load", () => {
  const imgs = [...document.images];
  const rec = {
    width: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    charts: imgs.map(i => ({ok: i.complete && i.naturalWidth > 0, w: i.getBoundingClientRect().width,
                            h: i.getBoundingClientRect().height, alt: i.alt.length})),
    headings: [...document.querySelectorAll("h1,h2,h3,h4")].map(h => h.tagName),
    overflowing: [...document.querySelectorAll("main > *:not(.scroll)")]
      .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName),
    // Tables a reader would have to scroll sideways to read.
    scrolled: [...document.querySelectorAll(".scroll")]
      .filter(e => e.scrollWidth > e.clientWidth + 1)
      .map(e => `${e.scrollWidth} > ${e.clientWidth} px: ${e.querySelector("caption")?.textContent}`),
  };
  parent.postMessage(JSON.stringify(rec), "*");
});
</script>"""
# Headless chromium will not make a window narrower than 500 px, so the page is laid out at a
# phone's width inside a frame of that width; the frame reports back by message.
FRAME = """<!DOCTYPE html><html><body style="margin:0">
<iframe src="{src}" style="width:{width}px;height:{height}px;border:0;display:block"></iframe>
<script>addEventListener("message", e => {{
  const out = document.createElement("pre"); out.id = "probe"; out.textContent = e.data;
  document.body.appendChild(out); }});</script></body></html>"""


def _browser() -> str:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    pytest.skip(
        "no headless browser (chromium) here: run scripts/install-browser.sh, which installs "
        "Debian's chromium package, to render briefings as a reader sees them"
    )


def _run(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    return subprocess.run(
        [_browser(), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def _framed(tmp: Path, page: Path, width: int, height: int, probe: bool) -> Path:
    name = f"{page.parent.name}-{page.stem}-{width}"
    inner = tmp / f"{name}.html"
    text = page.read_text()
    inner.write_text(text.replace("</body>", PROBE + "</body>") if probe else text)
    frame = tmp / f"frame-{name}.html"
    frame.write_text(FRAME.format(src=inner.name, width=width, height=height))
    return frame


def _probe(tmp: Path, page: Path, width: int) -> dict:
    frame = _framed(tmp, page, width, 900, probe=True)
    done = _run(
        tmp,
        f"--window-size={max(800, width + 20)},900",
        "--virtual-time-budget=5000",
        "--dump-dom",
        frame.as_uri(),
    )
    m = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert m, f"the page did not finish loading: {done.stderr[-2000:]}"
    return json.loads(m.group(1).replace("&quot;", '"'))


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    _browser()
    clean = tmp_path_factory.mktemp("clean")
    out = tmp_path_factory.mktemp("reports")
    assert runner.invoke(app, ["ingest", str(RETURNS), "--out", str(clean)]).exit_code == 0
    for args in (["--force", "cleveland"], [], ["--force", "northamptonshire"]):
        result = runner.invoke(app, ["report", "--clean", str(clean), "--out", str(out), *args])
        assert result.exit_code == 0, result.stderr
    return {
        "cleveland": out / "cleveland" / "briefing.html",
        "national": out / "national" / "briefing.html",
        "empty": out / "northamptonshire" / "briefing.html",
    }


@pytest.mark.parametrize(("name", "least"), [("cleveland", 3), ("national", 0), ("empty", 0)])
def test_page_lays_out_on_a_phone_with_every_chart_shown(
    pages: dict[str, Path], tmp_path: Path, name: str, least: int
) -> None:
    rec = _probe(tmp_path, pages[name], 390)
    assert rec["width"] == 390
    assert rec["scrollWidth"] <= 390, "the page is wider than a phone's screen"
    assert rec["overflowing"] == []
    # Every chart the page holds is shown (how many depends on the periods the data shares).
    drawn = pages[name].read_text(encoding="utf-8").count("<figure data-chart=")
    assert len(rec["charts"]) == drawn >= least
    for c in rec["charts"]:
        assert c["ok"], "a chart did not decode"
        assert c["w"] >= 300 and c["h"] >= 150 and c["alt"] > 40
    assert rec["headings"][0] == "H1"


def test_screenshot_at_phone_width_and_a4_print(pages: dict[str, Path], tmp_path: Path) -> None:
    from PIL import Image

    shot = tmp_path / "phone.png"
    frame = _framed(tmp_path, pages["cleveland"], 390, 2400, probe=False)
    done = _run(tmp_path, "--window-size=500,2400", f"--screenshot={shot}", frame.as_uri())
    assert shot.exists(), done.stderr[-2000:]
    with Image.open(shot) as im:
        assert im.size == (500, 2400)
        colours = im.convert("RGB").getcolors(maxcolors=1_000_000) or []
        assert len(colours) > 50, "the screenshot is blank"
    pdf = tmp_path / "print.pdf"
    done = _run(
        tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", pages["cleveland"].as_uri()
    )
    assert pdf.exists(), done.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    # A4 is 595 x 842 points.
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", data)
    assert box and (round(float(box[1])), round(float(box[2]))) == (595, 842), box


RAW = Path(__file__).parent.parent / "data" / "raw"


@pytest.fixture(scope="module")
def shipped_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The briefings `make demo` ships, from the real data in data/raw."""
    _browser()
    clean = tmp_path_factory.mktemp("shipped-clean")
    out = tmp_path_factory.mktemp("shipped-reports")
    assert runner.invoke(app, ["ingest", str(RAW), "--out", str(clean)]).exit_code == 0
    for args in (["--force", "cleveland"], []):
        result = runner.invoke(app, ["report", "--clean", str(clean), "--out", str(out), *args])
        assert result.exit_code == 0, result.stderr
    return {
        "cleveland": out / "cleveland" / "briefing.html",
        "national": out / "national" / "briefing.html",
    }


@pytest.mark.parametrize("name", ["cleveland", "national"])
def test_shipped_briefing_prints_on_two_a4_pages_and_names_its_evidence(
    shipped_pages: dict[str, Path], tmp_path: Path, name: str
) -> None:
    page = shipped_pages[name]
    pdf = tmp_path / f"{name}.pdf"
    done = _run(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert pdf.exists(), done.stderr[-2000:]
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    assert 1 <= pages <= 2, f"{name}'s briefing prints on {pages} A4 pages"
    assert (page.parent / "sources.csv").exists()
    assert "sources.csv beside this page" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", ["cleveland", "national"])
def test_shipped_briefing_reads_without_sideways_scrolling(
    shipped_pages: dict[str, Path], tmp_path: Path, name: str, width: int
) -> None:
    """On a phone and a desktop screen: the national table of forty forces once ran wider than
    the page at 1280 px (every cell on one line), to be scrolled sideways."""
    rec = _probe(tmp_path, shipped_pages[name], width)
    assert rec["width"] == width
    assert rec["scrollWidth"] <= width and rec["overflowing"] == []
    assert rec["scrolled"] == []
