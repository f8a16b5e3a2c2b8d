"""spo-stats fetch foi against local stand-ins for a disclosure log and WhatDoTheyKnow.

A real HTTP server on 127.0.0.1 serves SYNTHETIC TEST pages shaped like the real ones (a force's
disclosure-log page with site header and footer; a WhatDoTheyKnow request page whose attachments
live at /request/<url_title>/response/<id>/attach/<part>/<file_name>) and a synthetic return.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from spo_stats.cli.main import app
from spo_stats.errors import (
    DownloadIncompleteError,
    FetchForceUnknownError,
    NotAWebAddressError,
    PageNotFoundError,
)
from spo_stats.fetch.foi import fetch_foi, safe_name
from spo_stats.fetch.pages import RETURN_SUFFIXES, parse_page
from spo_stats.ingest import ingest
from tests.fixtures.make_returns import MARK, write_xlsx
from tests.webserver import Route, Server, serving

runner = CliRunner()

LOG = "/foi-ai/cleveland-police/disclosure-log/2023/stalking-protection-orders/"
XLSX = "/SysSiteAssets/foi-media/cleveland/foi-2023-456-response.xlsx"
PDF = "/SysSiteAssets/foi-media/cleveland/foi-2023-456-letter.pdf"
WDTK = "/request/stalking_protection_orders_99"
WDTK_XLSX = WDTK + "/response/123456/attach/2/SPO%20figures.xlsx"
WDTK_PDF = WDTK + "/response/123456/attach/3/Response%20letter.pdf"
HTML_LOG = "/foi/disclosure-log/stalking-protection-orders-2023"


def disclosure_log() -> bytes:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>FOI 2023/456 Stalking Protection Orders | Cleveland Police</title></head>
<body>
<header><nav><a href="/">Home</a> <a href="/docs/publication-scheme.pdf">Publication scheme</a>
<a href="/forces/durham">Durham Constabulary</a></nav></header>
<main>
<h1>Stalking Protection Orders</h1>
<p>SYNTHETIC TEST PAGE. Request: the number of SPOs applied for and granted, 2020 to 2023.</p>
<ul>
<li><a href="{XLSX}">FOI 2023/456 response data (XLSX, 8KB)</a></li>
<li><a href="{PDF}#page=1">FOI 2023/456 response letter (PDF)</a></li>
<li><a href="{XLSX}">Download the data again</a></li>
<li><a href="/SysSiteAssets/foi-media/cleveland/notes.doc">Notes (Word 97)</a></li>
</ul>
</main>
<footer><a href="/SysSiteAssets/accessibility.pdf">Accessibility statement</a></footer>
<div class="site-footer"><a href="/SysSiteAssets/privacy-notice.pdf">Privacy notice</a></div>
</body></html>""".encode()


def wdtk_page() -> bytes:
    return f"""<!DOCTYPE html>
<html><head><title>Stalking Protection Orders - a Freedom of Information request to Durham
Constabulary - WhatDoTheyKnow</title></head>
<body>
<div id="banner"><a href="/help/about">About</a></div>
<div class="correspondence" id="incoming-123456">
<p>SYNTHETIC TEST PAGE. Dear requester, please find attached our response.</p>
<p><a href="{WDTK_XLSX}?cookie_passthrough=1">SPO figures.xlsx</a>
<a href="{WDTK}/response/123456/attach/html/2/SPO%20figures.xlsx.html">View as HTML</a>
<a href="{WDTK_XLSX}">Download</a></p>
<p><a href="{WDTK_PDF}">Response letter.pdf</a></p>
</div>
<a href="{WDTK}/download">Download a zip file of all correspondence</a>
<div id="footer"><a href="/help/house_rules.pdf">House rules</a></div>
</body></html>""".encode()


def html_answer() -> bytes:
    return b"""<!DOCTYPE html>
<html><head><title>Stalking Protection Orders | Avon and Somerset Police</title></head>
<body><nav><a href="/foi">FOI</a></nav>
<main><h1>Stalking Protection Orders</h1>
<p>SYNTHETIC TEST PAGE. Request: 1. How many Stalking Protection Orders has your Force applied
for, 20 January 2020 to 31 March 2023?</p>
<p>Response: Q1. 10</p></main></body></html>"""


def return_bytes(tmp: Path) -> bytes:
    path = tmp / "return.xlsx"
    write_xlsx(
        path,
        {
            "SPOs": [
                ["Freedom of Information request 2023/456"],
                [MARK],
                ["Measure", 2021, 2022],
                ["SPO applications", 6, 4],
                ["SPOs granted", 3, 2],
            ]
        },
    )
    return path.read_bytes()


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    xlsx = return_bytes(tmp_path)
    pdf = b"%PDF-1.4\n% SYNTHETIC TEST FILE: not a real letter\n%%EOF\n"
    with serving() as server:
        server.routes.update(
            {
                LOG: Route(disclosure_log(), "text/html; charset=utf-8"),
                XLSX: Route(xlsx),
                PDF: Route(pdf, "application/pdf"),
                WDTK: Route(wdtk_page(), "text/html; charset=utf-8"),
                WDTK_XLSX: Route(xlsx),
                WDTK_PDF: Route(pdf, "application/pdf"),
                HTML_LOG: Route(html_answer(), "text/html"),
            }
        )
        yield server


def _prov(path: Path) -> dict:
    return json.loads(path.with_name(path.name + ".provenance.json").read_text())


def test_disclosure_log_downloads_every_return(web: Server, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    result = fetch_foi(web.url(LOG), raw)
    assert result.force.slug == "cleveland" and result.force_from == "the page title"
    folder = raw / "cleveland"
    names = [f.path.name for f in result.files]
    assert names == ["foi-2023-456-response.xlsx", "foi-2023-456-letter.pdf"]  # nav/footer left out
    assert all(f.downloaded and f.kind == "attachment" for f in result.files)
    assert [link.filename for link in result.not_downloaded] == ["notes.doc"]
    prov = _prov(folder / "foi-2023-456-response.xlsx")
    assert prov["kind"] == "foi_attachment"
    assert prov["page_url"] == web.url(LOG)
    assert prov["attachment_url"] == web.url(XLSX)
    assert prov["page_title"] == "FOI 2023/456 Stalking Protection Orders | Cleveland Police"
    assert prov["attachment_title"] == "FOI 2023/456 response data (XLSX, 8KB)"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*names, *(n + ".provenance.json" for n in names)]
    )


def test_ingest_cites_the_page(web: Server, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    fetch_foi(web.url(LOG), raw)
    result = ingest(raw, tmp_path / "clean", use_cache=False)
    assert len(result.observations) == 4
    for o in result.observations:
        assert o.force == "cleveland"
        assert o.source_url == web.url(LOG)
        assert o.source.startswith(
            "FOI 2023/456 Stalking Protection Orders | Cleveland Police (127.0.0.1), retrieved "
        )
        assert o.source_date is None  # the reply's own date is not known from the page


def test_whatdotheyknow_attachments(web: Server, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    result = fetch_foi(web.url(WDTK), raw)
    assert result.force.slug == "durham"
    assert [f.path.name for f in result.files] == ["SPO figures.xlsx", "Response letter.pdf"]
    assert _prov(raw / "durham" / "SPO figures.xlsx")["attachment_url"] == (
        web.url(WDTK_XLSX) + "?cookie_passthrough=1"
    )
    assert web.hits[WDTK_XLSX] == 1  # the repeated link fetched once
    assert not result.not_downloaded  # the zip of all correspondence has no return in its name


def test_answer_in_the_page_is_kept_as_a_letter(web: Server, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    result = fetch_foi(web.url(HTML_LOG), raw)
    assert result.force.slug == "avon-and-somerset"
    [saved] = result.files
    assert saved.kind == "page" and saved.path == raw / "avon-and-somerset" / (
        "stalking-protection-orders-2023.html"
    )
    assert saved.path.read_bytes() == html_answer()
    prov = _prov(saved.path)
    assert prov["kind"] == "foi_page" and prov["attachment_url"] == web.url(HTML_LOG)
    again = runner.invoke(app, ["fetch", "foi", web.url(HTML_LOG), "--out", str(raw)])
    assert again.exit_code == 0, again.stderr
    assert again.stdout == (
        f"{web.url(HTML_LOG)} (Stalking Protection Orders | Avon and Somerset Police): "
        "Avon and Somerset Constabulary, from the page title.\n"
        "No return file is linked from the page.\n"
        f"Unchanged {saved.path}: the page itself ({len(html_answer()):,} bytes), to be read as "
        "a letter.\n"
        "Nothing new: every file was already here.\n"
    )


def test_cli_says_what_it_found_and_a_second_fetch_downloads_nothing(
    web: Server, tmp_path: Path
) -> None:
    raw = tmp_path / "raw"
    first = runner.invoke(app, ["fetch", "foi", web.url(LOG), "--out", str(raw)])
    assert first.exit_code == 0, first.stderr
    folder = raw / "cleveland"
    xlsx, pdf = folder / "foi-2023-456-response.xlsx", folder / "foi-2023-456-letter.pdf"
    assert first.stdout == (
        f"{web.url(LOG)} (FOI 2023/456 Stalking Protection Orders | Cleveland Police): "
        "Cleveland Police, from the page title.\n"
        f"Saved {xlsx} ({xlsx.stat().st_size:,} bytes) from {web.url(XLSX)}\n"
        f"Saved {pdf} ({pdf.stat().st_size:,} bytes) from {web.url(PDF)}\n"
        "Not downloaded (spo-stats cannot read .doc files): "
        f"{web.url('/SysSiteAssets/foi-media/cleveland/notes.doc')}\n"
    )
    second = runner.invoke(app, ["fetch", "foi", web.url(LOG), "--out", str(raw)])
    assert second.exit_code == 0, second.stderr
    assert f"Unchanged {xlsx} (" in second.stdout
    assert second.stdout.endswith("Nothing new: every file was already here.\n")
    assert web.hits[XLSX] == 1 and web.hits[PDF] == 1


def test_a_file_already_there_is_never_overwritten(web: Server, tmp_path: Path) -> None:
    folder = tmp_path / "raw" / "cleveland"
    folder.mkdir(parents=True)
    mine = folder / "foi-2023-456-response.xlsx"
    mine.write_bytes(b"the user's own copy")
    result = fetch_foi(web.url(LOG), tmp_path / "raw")
    assert result.files[0].path.name == "foi-2023-456-response-2.xlsx"
    assert mine.read_bytes() == b"the user's own copy"


def test_force_not_named_needs_the_option(web: Server, tmp_path: Path) -> None:
    page = b"<html><head><title>Disclosure log: SPOs</title></head><body><main>SYNTHETIC"
    page += f'<a href="{XLSX}">data</a></main></body></html>'.encode()
    web.routes["/disclosure/123"] = Route(page, "text/html")
    raw = tmp_path / "raw"
    with pytest.raises(FetchForceUnknownError):
        fetch_foi(web.url("/disclosure/123"), raw)
    result = runner.invoke(app, ["fetch", "foi", web.url("/disclosure/123"), "--out", str(raw)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {web.url('/disclosure/123')}: cannot tell which force this page is from (no "
        "force is named). Pass --force (e.g. --force cleveland); nothing was saved.\n"
    )
    assert not raw.exists()
    ok = runner.invoke(
        app, ["fetch", "foi", web.url("/disclosure/123"), "--out", str(raw), "--force", "Kent"]
    )
    assert ok.exit_code == 0, ok.stderr
    assert (raw / "kent" / "foi-2023-456-response.xlsx").is_file()
    assert "Kent Police, from --force." in ok.stdout


def test_unknown_force_option_is_a_usage_error(web: Server, tmp_path: Path) -> None:
    result = runner.invoke(app, ["fetch", "foi", web.url(LOG), "--force", "Narnia"])
    assert result.exit_code == 2
    assert web.hits[LOG] == 0


def test_not_a_web_address() -> None:
    with pytest.raises(NotAWebAddressError):
        fetch_foi("data/raw/x.xlsx")
    result = runner.invoke(app, ["fetch", "foi", "www.example.org/foi"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: 'www.example.org/foi' is not a web address. Give the page's full URL (https://...).\n"
    )


def test_page_404(web: Server, tmp_path: Path) -> None:
    result = runner.invoke(app, ["fetch", "foi", web.url("/gone"), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {web.url('/gone')}: not found (HTTP 404). Check the address; nothing was saved.\n"
    )


def test_one_missing_attachment_saves_nothing(web: Server, tmp_path: Path) -> None:
    del web.routes[PDF]
    raw = tmp_path / "raw"
    with pytest.raises(PageNotFoundError) as info:
        fetch_foi(web.url(LOG), raw)
    assert info.value.url == web.url(PDF)
    assert web.hits[XLSX] == 1  # downloaded, then discarded with the rest
    assert not raw.exists()


def test_cut_short_attachment_saves_nothing(web: Server, tmp_path: Path) -> None:
    web.routes[PDF].send_bytes = 10
    raw = tmp_path / "raw"
    with pytest.raises(DownloadIncompleteError):
        fetch_foi(web.url(LOG), raw)
    assert not raw.exists()


def test_address_of_a_return_itself(web: Server, tmp_path: Path) -> None:
    web.routes["/cleveland-police/foi-123.xlsx"] = web.routes[XLSX]
    result = fetch_foi(web.url("/cleveland-police/foi-123.xlsx"), tmp_path)
    assert result.force.slug == "cleveland" and result.force_from == "the address"
    assert [f.path for f in result.files] == [tmp_path / "cleveland" / "foi-123.xlsx"]
    assert web.hits["/cleveland-police/foi-123.xlsx"] == 1  # not fetched twice


@given(st.text())
def test_safe_name_stays_in_its_folder(name: str) -> None:
    safe = safe_name(name, "attachment-1.pdf")
    assert "/" not in safe and "\\" not in safe and not safe.startswith(".")
    assert safe.lower().endswith(RETURN_SUFFIXES)


@given(st.text())
def test_any_page_parses(html: str) -> None:
    page = parse_page(html, "https://example.org/foi/1")
    assert all(link.url.startswith(("http", "https")) for link in page.links)


def test_whatdotheyknow_title_names_the_authority_after_the_request() -> None:
    from spo_stats.fetch.foi import _force_of

    url = "https://www.whatdotheyknow.com/request/stalking_in_durham"
    title = (
        "Stalking in Durham - a Freedom of Information request to Cleveland Police - WhatDoTheyKnow"
    )
    page = parse_page(f"<title>{title}</title>", url)
    assert _force_of(page, url, None)[0].slug == "cleveland"


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("https://foi.west-midlands.police.uk/?p=28003", "west-midlands"),
        (
            "https://www.dyfed-powys.police.uk/foi-ai/dyfed-powys-police/disclosure-2024/",
            "dyfed-powys",
        ),
        ("https://www.whatdotheyknow.com/request/spo_figures", None),
    ],
)
def test_force_from_the_address(url: str, slug: str | None) -> None:
    from spo_stats.fetch.foi import _force_of

    page = parse_page("<title>Stalking Protection Orders (750A/22)</title>", url)
    if slug is None:
        with pytest.raises(FetchForceUnknownError):
            _force_of(page, url, None)
    else:
        assert _force_of(page, url, None)[0].slug == slug


def test_neither_a_page_nor_a_return(web: Server, tmp_path: Path) -> None:
    web.routes["/api/requests"] = Route(b"{}", "application/json")
    result = runner.invoke(app, ["fetch", "foi", web.url("/api/requests"), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {web.url('/api/requests')}: neither a web page nor a return file (the server "
        "says application/json). Give the address of the disclosure-log or WhatDoTheyKnow page; "
        "nothing was saved.\n"
    )


def test_two_replies_with_the_same_file_name(web: Server, tmp_path: Path) -> None:
    first = WDTK + "/response/111/attach/2/Response.pdf"
    second = WDTK + "/response/222/attach/2/Response.pdf"
    page = f"""<html><head><title>SPOs - a Freedom of Information request to Kent Police -
    WhatDoTheyKnow</title></head><body>SYNTHETIC<a href="{first}">Response.pdf</a>
    <a href="{second}">Response.pdf</a></body></html>""".encode()
    web.routes[WDTK] = Route(page, "text/html")
    web.routes[first] = Route(b"%PDF-1.4 first SYNTHETIC")
    web.routes[second] = Route(b"%PDF-1.4 second SYNTHETIC")
    result = fetch_foi(web.url(WDTK), tmp_path)
    assert [f.path.name for f in result.files] == ["Response.pdf", "Response-2.pdf"]
    assert (tmp_path / "kent" / "Response-2.pdf").read_bytes() == b"%PDF-1.4 second SYNTHETIC"
    again = fetch_foi(web.url(WDTK), tmp_path)
    assert [(f.path.name, f.downloaded) for f in again.files] == [
        ("Response.pdf", False),
        ("Response-2.pdf", False),
    ]
