"""Fetching from hostile or broken servers (issue 21), against a real server on 127.0.0.1.

A server dripping a byte every second, a page or file larger than any reply, redirects to
another host, links that are not web addresses, and the temporary file a killed fetch left.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spo_stats.cli.main import app
from spo_stats.errors import FetchDeadlineError, FetchTooLargeError
from spo_stats.fetch import http
from spo_stats.fetch.foi import fetch_foi
from tests.test_fetch_foi import LOG, XLSX, disclosure_log, return_bytes
from tests.webserver import Route, Server, serving

runner = CliRunner()
PAGE = b"<html><head><title>FOI 2023/456 SPOs | Cleveland Police</title></head><body><p>x</p>"


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    with serving() as server:
        server.routes[LOG] = Route(disclosure_log(), "text/html; charset=utf-8")
        server.routes[XLSX] = Route(return_bytes(tmp_path))
        server.routes["/SysSiteAssets/foi-media/cleveland/foi-2023-456-letter.pdf"] = Route(
            b"%PDF-1.4\n%%EOF\n", "application/pdf"
        )
        yield server


def _saved(raw: Path) -> list[str]:
    return sorted(p.name for p in raw.rglob("*") if p.is_file()) if raw.exists() else []


def test_a_dripping_server_is_stopped_at_the_deadline(web: Server, tmp_path: Path) -> None:
    web.routes["/drip"] = Route(PAGE * 4, "text/html", drip=0.25)  # 25 s to send
    raw = tmp_path / "raw"
    started = time.monotonic()
    with pytest.raises(FetchDeadlineError) as caught:
        fetch_foi(web.url("/drip"), raw, force="cleveland", timeout=5, deadline=1.0)
    assert time.monotonic() - started < 3  # the deadline, and at most one byte's wait
    assert "longer than its deadline of 1 s" in str(caught.value) and _saved(raw) == []


def test_deadline_covers_the_whole_fetch_through_the_cli(web: Server, tmp_path: Path) -> None:
    web.routes[XLSX] = Route(b"PK" * 200, drip=0.05)  # the page is quick, its file drips
    raw = tmp_path / "raw"
    result = runner.invoke(
        app, ["fetch", "foi", web.url(LOG), "--out", str(raw), "--deadline", "1"]
    )
    assert result.exit_code == 1
    assert "longer than its deadline of 1 s" in result.stderr
    assert _saved(raw) == []


def test_a_page_past_the_cap_is_refused_as_it_streams(
    web: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(http, "PAGE_BYTES", 1024 * 1024)
    # No Content-Length to refuse it by: the cap is counted as the bytes arrive.
    web.routes["/big"] = Route(PAGE, "text/html", size=3 * 1024 * 1024, unannounced=True)
    with pytest.raises(FetchTooLargeError, match="the page is larger than 1 MB"):
        fetch_foi(web.url("/big"), tmp_path / "raw", force="cleveland")
    web.routes["/big"] = Route(PAGE, "text/html", size=3 * 1024 * 1024)  # announced: not read
    with pytest.raises(FetchTooLargeError):
        fetch_foi(web.url("/big"), tmp_path / "raw", force="cleveland")
    assert _saved(tmp_path / "raw") == []


def test_a_file_past_the_cap_is_refused_and_leaves_no_temporary_file(
    web: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(http, "FILE_BYTES", 1024 * 1024)
    web.routes[XLSX] = Route(b"PK\x03\x04", size=2 * 1024 * 1024, unannounced=True)
    raw = tmp_path / "raw"
    with pytest.raises(FetchTooLargeError, match="the file is larger than 1 MB"):
        fetch_foi(web.url(LOG), raw)
    assert _saved(raw) == [] and not list(raw.rglob(".*.tmp"))


def test_a_redirect_on_the_same_host_is_followed_and_recorded(web: Server, tmp_path: Path) -> None:
    web.routes["/old-log"] = Route(b"", status=301, headers={"Location": LOG})
    web.routes["/old.xlsx"] = Route(b"", status=302, headers={"Location": XLSX})
    web.routes[LOG] = Route(
        disclosure_log().replace(XLSX.encode(), b"/old.xlsx", 1), "text/html; charset=utf-8"
    )
    raw = tmp_path / "raw"
    result = runner.invoke(app, ["fetch", "foi", web.url("/old-log"), "--out", str(raw)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert f"{web.url('/old.xlsx')} redirected to {web.url(XLSX)} (same host)" in said
    prov = json.loads((raw / "cleveland" / "old.xlsx.provenance.json").read_text())
    assert prov["attachment_url"] == web.url("/old.xlsx")
    assert prov["retrieved_from"] == web.url(XLSX)


def test_a_redirect_to_another_host_is_refused_unless_allowed(web: Server, tmp_path: Path) -> None:
    with serving() as elsewhere:
        # localhost is another host name for the same machine: enough for the check.
        other = f"http://localhost:{elsewhere.httpd.server_address[1]}/mirror.xlsx"
        elsewhere.routes["/mirror.xlsx"] = web.routes[XLSX]
        web.routes[XLSX] = Route(b"", status=302, headers={"Location": other})
        raw = tmp_path / "raw"
        refused = runner.invoke(app, ["fetch", "foi", web.url(LOG), "--out", str(raw)])
        assert refused.exit_code == 1
        said = " ".join(refused.stderr.split())
        assert f"redirects to another host ({other})" in said and "--allow-redirects" in said
        assert _saved(raw) == [] and elsewhere.hits["/mirror.xlsx"] == 0
        allowed = runner.invoke(
            app, ["fetch", "foi", web.url(LOG), "--out", str(raw), "--allow-redirects"]
        )
        assert allowed.exit_code == 0, allowed.output
        assert "(to another host, as --allow-redirects allows)" in " ".join(allowed.stderr.split())
    prov = json.loads(
        (raw / "cleveland" / "foi-2023-456-response.xlsx.provenance.json").read_text()
    )
    assert prov["retrieved_from"] == other and prov["attachment_url"] == web.url(XLSX)


def test_links_that_are_not_web_addresses_are_ignored(web: Server, tmp_path: Path) -> None:
    page = disclosure_log().replace(
        b"<ul>",
        b"<ul><li><a href=\"JAVASCRIPT:open('x.xlsx')\">x.xlsx</a></li>"
        b'<li><a href="ftp://example.org/data.xlsx">data.xlsx</a></li>'
        b'<li><a href="file:///etc/passwd.csv">local</a></li>',
    )
    web.routes[LOG] = Route(page, "text/html; charset=utf-8")
    result = fetch_foi(web.url(LOG), tmp_path / "raw")
    assert [f.path.name for f in result.files] == [
        "foi-2023-456-response.xlsx",
        "foi-2023-456-letter.pdf",
    ]


def test_a_killed_fetchs_temporary_file_is_removed(web: Server, tmp_path: Path) -> None:
    folder = tmp_path / "raw" / "cleveland"
    folder.mkdir(parents=True)
    stale = folder / ".another-name.xlsx.k2j4.tmp"  # under a name this fetch does not use
    stale.write_bytes(b"\0" * 1024)
    hour_ago = time.time() - 2 * http.STALE_SECONDS
    os.utime(stale, (hour_ago, hour_ago))
    live = folder / ".running.xlsx.a1b2.tmp"  # another fetch's, being written now: kept
    live.write_bytes(b"\0")
    fetch_foi(web.url(LOG), tmp_path / "raw")
    assert not stale.exists() and live.exists()
