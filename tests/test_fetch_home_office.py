"""spo-stats fetch home-office against a local stand-in for GOV.UK (a real HTTP server on 127.0.0.1).

The table served is SYNTHETIC TEST DATA in the Home Office layout; the Content-API JSON copies the
shape of the real page (details.attachments, with the outcomes, CSP and sub-code tables beside the
police force area table).
"""

from __future__ import annotations

import json
import os
import stat
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spo_stats.cli.main import app
from spo_stats.errors import (
    DownloadIncompleteError,
    FetchTimeoutError,
    NotContentApiError,
    OfflineError,
    PageNotFoundError,
    TableNotOnPageError,
)
from spo_stats.fetch import govuk, http
from spo_stats.ingest import discover, ingest
from spo_stats.read.cells import sha256_of
from tests.fixtures.make_returns import HO_HEADER, write_xlsx
from tests.webserver import Route, Server, closed_port, serving

runner = CliRunner()
PAGE = govuk.PAGE_PATHS[0]
API = "/api/content" + PAGE
TABLE = "prc-pfa-mar2013-onwards-tables-191023.xlsx"
MEDIA = "/media/6530d2b1aea2d0000d219a87/" + TABLE
CITATION = "Home Office, Police recorded crime: police force area tables, released 19 October 2023"


def _table_bytes(tmp: Path) -> bytes:
    """SYNTHETIC TEST DATA: a small table in the Home Office layout, 2 forces x 4 quarters."""
    rows: list[list[object]] = [HO_HEADER]
    for q in (1, 2, 3, 4):
        for force, n in (("Cleveland", 40 + q), ("Durham", 30 + q)):
            rows.append(
                [
                    "2022/23",
                    q,
                    force,
                    "Stalking",
                    "Violence against the person",
                    "Stalking and harassment",
                    "8Q",
                    n,
                ]
            )
            rows.append(
                [
                    "2022/23",
                    q,
                    force,
                    "Harassment",
                    "Violence against the person",
                    "Stalking and harassment",
                    "8L",
                    500,
                ]
            )
    path = tmp / "table.xlsx"
    write_xlsx(path, {"Introduction": [["SYNTHETIC TEST DATA"]], "2022_23": rows})
    return path.read_bytes()


def _attachment(server: Server, filename: str, title: str = "", kind: str = "file") -> dict:
    return {
        "attachment_type": kind,
        "content_type": "application/vnd.oasis.opendocument.spreadsheet",
        "filename": filename,
        "id": filename,
        "title": title or filename,
        "url": server.url("/media/0000/" + filename),
    }


def content_api(server: Server, table: str | None = TABLE) -> bytes:
    """The page as GOV.UK's Content API gives it, decoys first: only the PFA table is right."""
    attachments = [
        _attachment(server, "prc-outcomes-open-data-mar2023-onwards-191023.ods"),
        _attachment(server, "prc-csp-mar2013-onwards-tables-191023.ods"),
        _attachment(server, "prc-subcodes-vawg-offences-191023.ods"),
        _attachment(server, "recrime-geo-pfa.csv"),
        {"attachment_type": "html", "title": "User guide", "url": "/government/guide"},
    ]
    if table:
        attachments.insert(
            2,
            {
                "attachment_type": "file",
                "content_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "filename": table,
                "id": "7654321",
                "title": "Police recorded crime open data Police Force Area tables, year ending March 2013 onwards",
                "url": server.url(MEDIA),
                "file_size": 12345,
            },
        )
    page = {
        "base_path": PAGE,
        "title": "Police recorded crime and outcomes open data tables",
        "schema_name": "statistical_data_set",
        "public_updated_at": "2023-10-19T09:30:00.000+01:00",
        "details": {"attachments": attachments},
    }
    return json.dumps(page).encode()


@pytest.fixture
def gov(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Server, bytes]]:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    table = _table_bytes(tmp_path)
    with serving() as server:
        server.routes[API] = Route(content_api(server), "application/json")
        server.routes[MEDIA] = Route(table)
        monkeypatch.setenv(govuk.BASE_URL_ENV, server.base)
        yield server, table


def test_picks_the_police_force_area_table(gov: tuple[Server, bytes]) -> None:
    server, _ = gov
    with http.client(5) as client:
        page = govuk.find_table(client)
    assert page.table.filename == TABLE
    assert page.table.url == server.url(MEDIA)
    assert page.page_url == server.base + PAGE
    assert page.public_updated_at is not None and page.public_updated_at.date() == date(
        2023, 10, 19
    )


def test_download_and_provenance(gov: tuple[Server, bytes], tmp_path: Path) -> None:
    server, table = gov
    out = tmp_path / "raw" / "home-office"
    umask = os.umask(0o022)
    try:
        result = govuk.fetch_home_office(out)
    finally:
        os.umask(umask)
    assert result.downloaded and result.path == out / TABLE
    assert result.path.read_bytes() == table
    for saved in (result.path, out / (TABLE + ".provenance.json")):
        assert stat.S_IMODE(saved.stat().st_mode) == 0o644  # readable by others, like any file
    prov = json.loads((out / (TABLE + ".provenance.json")).read_text())
    assert prov["page_url"] == server.base + PAGE
    assert prov["attachment_url"] == server.url(MEDIA)
    assert prov["attachment_title"].startswith("Police recorded crime open data Police Force Area")
    assert prov["public_updated_at"] == "2023-10-19T09:30:00+01:00"
    assert prov["size"] == len(table)
    assert prov["sha256"] == sha256_of(result.path)
    assert prov["retrieved_at"]
    assert sorted(p.name for p in out.iterdir()) == [TABLE, TABLE + ".provenance.json"]


def test_second_fetch_downloads_nothing(gov: tuple[Server, bytes], tmp_path: Path) -> None:
    server, _ = gov
    out = tmp_path / "ho"
    govuk.fetch_home_office(out)
    before = (out / (TABLE + ".provenance.json")).read_bytes()
    result = runner.invoke(app, ["fetch", "home-office", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"Already up to date: {out / TABLE} (released 19 October 2023); nothing downloaded.\n"
    )
    assert server.hits[MEDIA] == 1
    assert (out / (TABLE + ".provenance.json")).read_bytes() == before


def test_new_release_is_downloaded_and_the_old_one_named(
    gov: tuple[Server, bytes], tmp_path: Path
) -> None:
    server, table = gov
    out = tmp_path / "ho"
    old = out / "prc-pfa-mar2013-onwards-tables-200723.xlsx"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"an earlier release")
    result = runner.invoke(app, ["fetch", "home-office", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"Downloaded {out / TABLE} ({len(table):,} bytes, released 19 October 2023) "
        f"from {server.url(MEDIA)}"
    )
    assert f"An earlier release is also here: {old}" in result.stdout
    assert old.read_bytes() == b"an earlier release"


def test_404(gov: tuple[Server, bytes], tmp_path: Path) -> None:
    server, _ = gov
    del server.routes[API]
    with pytest.raises(PageNotFoundError):
        govuk.fetch_home_office(tmp_path / "ho")
    result = runner.invoke(app, ["fetch", "home-office", "--out", str(tmp_path / "ho")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {server.url(API)}: not found (HTTP 404). Check the address; nothing was saved.\n"
    )
    assert not (tmp_path / "ho").exists()


def test_old_page_address_still_works(gov: tuple[Server, bytes], tmp_path: Path) -> None:
    server, _ = gov
    server.routes["/api/content" + govuk.PAGE_PATHS[1]] = server.routes.pop(API)
    assert govuk.fetch_home_office(tmp_path / "ho").downloaded


def test_page_without_the_table(gov: tuple[Server, bytes], tmp_path: Path) -> None:
    server, _ = gov
    server.routes[API] = Route(content_api(server, table=None), "application/json")
    with pytest.raises(TableNotOnPageError):
        govuk.fetch_home_office(tmp_path / "ho")
    result = runner.invoke(app, ["fetch", "home-office", "--out", str(tmp_path / "ho")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {server.base + PAGE}: no police force area table (a file named "
        "prc-pfa-mar2013-onwards-tables...) among the page's attachments. GOV.UK may have moved "
        "it: download it by hand into data/raw/home-office/; nothing was saved.\n"
    )


def test_offline_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = f"http://127.0.0.1:{closed_port()}"
    monkeypatch.setenv(govuk.BASE_URL_ENV, base)
    with pytest.raises(OfflineError):
        govuk.fetch_home_office(tmp_path / "ho")
    result = runner.invoke(app, ["fetch", "home-office", "--out", str(tmp_path / "ho")])
    assert result.exit_code == 1
    line = result.stderr
    assert line.count("\n") == 1
    assert line.startswith(f"Error: {base}/api/content{PAGE}: cannot connect (")
    assert line.endswith("). Check the network connection and try again; nothing was saved.\n")
    assert not (tmp_path / "ho").exists()


def test_timeout(
    gov: tuple[Server, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, _ = gov
    server.routes[API].sleep = 2
    monkeypatch.setenv(http.TIMEOUT_ENV, "0.3")
    started = time.perf_counter()
    with pytest.raises(FetchTimeoutError):
        govuk.fetch_home_office(tmp_path / "ho")
    result = runner.invoke(
        app, ["fetch", "home-office", "--out", str(tmp_path / "ho"), "--timeout", "0.2"]
    )
    assert time.perf_counter() - started < 1.5
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {server.url(API)}: no answer within 0.2 s. Try again later, or allow longer "
        "with --timeout; nothing was saved.\n"
    )


def test_cut_short_download_leaves_nothing_and_replaces_nothing(
    gov: tuple[Server, bytes], tmp_path: Path
) -> None:
    server, table = gov
    server.routes[MEDIA].send_bytes = len(table) // 2
    out = tmp_path / "ho"
    out.mkdir()
    (out / TABLE).write_bytes(b"what was here before")
    with pytest.raises(DownloadIncompleteError):
        govuk.fetch_home_office(tmp_path / "new" / "ho")
    assert not (tmp_path / "new").exists()  # a folder made for the download goes with it
    with pytest.raises(DownloadIncompleteError):
        govuk.fetch_home_office(out)
    result = runner.invoke(app, ["fetch", "home-office", "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {server.url(MEDIA)}: download cut short (")
    assert result.stderr.endswith(
        f" of {len(table):,} bytes). Try again; nothing was saved or replaced.\n"
    )
    assert [p.name for p in out.iterdir()] == [TABLE]  # no temporary file, no provenance
    assert (out / TABLE).read_bytes() == b"what was here before"


def test_ingest_cites_the_fetched_table(gov: tuple[Server, bytes], tmp_path: Path) -> None:
    server, _ = gov
    raw = tmp_path / "raw"
    govuk.fetch_home_office(raw / "home-office")
    assert [p.name for p in discover(raw)] == [TABLE]  # the provenance is not a return
    result = ingest(raw, tmp_path / "clean", use_cache=False)
    assert result.ok and len(result.observations) == 8
    for o in result.observations:
        assert o.source_kind == "home_office"
        assert o.source_url == server.url(MEDIA)
        assert o.source_date == date(2023, 10, 19)
        assert o.source == CITATION


def test_changed_file_is_not_cited(gov: tuple[Server, bytes], tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    fetched = govuk.fetch_home_office(raw / "home-office").path
    prov = fetched.with_name(fetched.name + ".provenance.json")
    stale = json.loads(prov.read_text())
    prov.write_text(json.dumps({**stale, "sha256": "0" * 64}))
    result = ingest(raw, tmp_path / "clean", use_cache=False)
    # Not cited to the address; the release date still comes from the Home Office's file name.
    assert all(o.source_url == "" for o in result.observations)
    assert any("has changed since it was fetched" in w for w in result.files[0].texts())


def test_provenance_added_later_is_not_hidden_by_the_cache(
    gov: tuple[Server, bytes], tmp_path: Path
) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    fetched = govuk.fetch_home_office(raw / "home-office").path
    prov = fetched.with_name(fetched.name + ".provenance.json")
    saved = prov.read_bytes()
    prov.unlink()
    assert all(o.source_url == "" for o in ingest(raw, clean).observations)
    prov.write_bytes(saved)
    assert all(o.source == CITATION for o in ingest(raw, clean).observations)


def test_sidecars_are_not_returns(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_bytes(b"x")
    (tmp_path / "a.xlsx.provenance.json").write_text("{}")
    (tmp_path / "a.xlsx.spo.toml").write_text("")
    assert [p.name for p in discover(tmp_path)] == ["a.xlsx"]


def test_server_error(gov: tuple[Server, bytes], tmp_path: Path) -> None:
    server, _ = gov
    server.routes[API] = Route(b"oops", "text/plain", status=503)
    result = runner.invoke(app, ["fetch", "home-office", "--out", str(tmp_path / "ho")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {server.url(API)}: the server answered HTTP 503 Service Unavailable. "
        "Try again later; nothing was saved.\n"
    )


def test_not_the_content_api(gov: tuple[Server, bytes], tmp_path: Path) -> None:
    server, _ = gov
    server.routes[API] = Route(b"<html>a captive portal</html>", "text/html")
    with pytest.raises(NotContentApiError):
        govuk.fetch_home_office(tmp_path / "ho")
    server.routes[API] = Route(b'{"title": "no details"}', "application/json")
    result = runner.invoke(app, ["fetch", "home-office", "--out", str(tmp_path / "ho")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {server.url(API)}: not a GOV.UK Content API page (no 'details' in the JSON). "
        "Check SPO_STATS_GOVUK_URL; nothing was saved.\n"
    )


def test_base_url_that_is_not_a_web_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(govuk.BASE_URL_ENV, "www.gov.uk")
    result = runner.invoke(app, ["fetch", "home-office"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: SPO_STATS_GOVUK_URL='www.gov.uk' is not a web address. Set it to a site such as "
        "https://www.gov.uk, or unset it.\n"
    )


def test_page_date_and_file_name_date_disagree(gov: tuple[Server, bytes], tmp_path: Path) -> None:
    server, _ = gov
    later = TABLE.replace("191023", "181023")
    server.routes[API] = Route(content_api(server, table=later), "application/json")
    result = runner.invoke(app, ["fetch", "home-office", "--out", str(tmp_path / "ho")])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "Warning: GOV.UK dates the page 19 October 2023 but the file's name says 18 October 2023; "
        "figures from it carry 19 October 2023 as their release date.\n"
    )
    assert govuk.file_name_date("prc-pfa-mar2013-onwards-tables-300125.ods") == date(2025, 1, 30)
    assert govuk.file_name_date("prc-pfa-mar2013-onwards-tables.ods") is None
