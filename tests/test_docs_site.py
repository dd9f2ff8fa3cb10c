"""The documentation site: a strict MkDocs build, every nav page built, and checks in headless Chromium."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading

import pytest
import yaml

from conftest import ROOT

SCREENSHOTS = ROOT / "screenshots"
CHROMIUM = os.environ.get("TAHALUF_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
NO_BROWSER = (
    "Chromium not found: the browser tests of the documentation site are skipped. To run them, install "
    "Debian's chromium (as root: apt-get install chromium) or set TAHALUF_CHROMIUM to a Chromium binary."
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


def _nav_pages(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _nav_pages(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _nav_pages(value)


def test_every_nav_page_is_built(site):
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    pages = list(_nav_pages(config["nav"]))
    assert len(pages) >= 20
    for page in pages:
        target = site / ("index.html" if page == "index.md" else page.removesuffix(".md").removesuffix("/index") + "/index.html")
        assert target.is_file(), page


def test_first_score_page_shows_the_real_output_of_its_snippet(site):
    page = (site / "first-score" / "index.html").read_text(encoding="utf-8")
    assert "first-score-output" not in page
    assert "signature: tahaluf:" in page and "Per type" in page
    assert "tahaluf score --task entities --pred predictions.jsonl" in page


def test_schema_reference_is_generated_from_the_schemas(site):
    from tahaluf.contract import schema

    page = (site / "reference" / "schema" / "index.html").read_text(encoding="utf-8")
    for name in ("document", "catalog", "manifest", "prediction-entities"):
        assert schema(name)["title"] in page
    assert schema("defs")["$defs"]["span"]["description"].split(":")[0] in page


@pytest.fixture(scope="module")
def browser(site):
    if CHROMIUM is None or not os.path.isfile(CHROMIUM):
        if os.environ.get("TAHALUF_REQUIRE_BROWSER"):
            pytest.fail("TAHALUF_REQUIRE_BROWSER is set but " + NO_BROWSER)
        pytest.skip(NO_BROWSER)
    from playwright.sync_api import sync_playwright

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    SCREENSHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        chrome = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        page = chrome.new_page(viewport={"width": 1280, "height": 900})
        yield page, f"http://127.0.0.1:{server.server_address[1]}"
        chrome.close()
    server.shutdown()


def test_document_page_is_rtl_and_counts_every_annotation(browser, records):
    page, base = browser
    record = records[0]
    page.goto(f"{base}/documents/{record['id']}/")
    texts = page.locator(".doc-text")
    assert texts.count() == len(record["sections"])
    assert all(d == "rtl" for d in texts.evaluate_all("els => els.map(e => e.getAttribute('dir'))"))
    assert page.locator(".doc-text").first.evaluate("e => getComputedStyle(e).direction") == "rtl"
    for layer in ("entities", "quotes", "dates"):
        ids = page.locator(f".doc-text [data-layer='{layer}']").evaluate_all("els => [...new Set(els.map(e => e.dataset.id))].length")
        assert ids == len(record[layer]), layer
    labels = page.locator(".section-label").all_inner_texts()
    assert any("anchor 2024-03-02" in label for label in labels) and any("anchor 2025-02-21" in label for label in labels)
    title = page.locator(".doc-text [data-layer='dates']").first.get_attribute("title")
    assert record["dates"][0]["value"] in title
    page.screenshot(path=str(SCREENSHOTS / "document-tahaluf-000.png"), full_page=False)


def test_one_layer_at_a_time_and_the_others_a_click_away(browser, records):
    page, base = browser
    page.goto(f"{base}/documents/{records[1]['id']}/")
    entity = page.locator(".doc-text .ann[data-layer='entities']").first
    date = page.locator(".doc-text .ann[data-layer='dates']").first
    clear = ("rgba(0, 0, 0, 0)", "transparent")
    before = entity.evaluate("e => getComputedStyle(e).backgroundColor")
    assert before not in clear
    assert date.evaluate("e => getComputedStyle(e).backgroundColor") in clear  # dates start hidden
    assert page.locator(".legend-row[data-layer='entities']").is_visible()
    assert not page.locator(".legend-row[data-layer='dates']").is_visible()
    assert "Entity types" not in page.locator(".legend-row[data-layer='quotes']").inner_text()
    page.locator("input.layer-toggle[data-layer='dates']").check()
    assert date.evaluate("e => getComputedStyle(e).backgroundColor") not in clear
    assert page.locator(".legend-row[data-layer='dates']").is_visible()
    page.locator("input.layer-toggle[data-layer='entities']").uncheck()
    assert entity.evaluate("e => getComputedStyle(e).backgroundColor") in clear
    page.locator("input.layer-toggle[data-layer='entities']").check()
    assert entity.evaluate("e => getComputedStyle(e).backgroundColor") == before
    page.screenshot(path=str(SCREENSHOTS / "viewer-two-layers.png"), full_page=False)


@pytest.mark.parametrize("path", ["statistics/", "scoring/"])
def test_wide_tables_fit_a_1280_pixel_window(browser, path):
    page, base = browser
    page.goto(f"{base}/{path}")
    wraps = page.locator(".md-typeset__scrollwrap")
    assert wraps.count() > 0
    page.screenshot(path=str(SCREENSHOTS / f"tables-{path.strip('/')}.png"), full_page=True)
    overflow = wraps.evaluate_all("els => els.map(e => e.scrollWidth - e.clientWidth)")
    assert max(overflow) <= 1, overflow


def test_schema_reference_links_reach_their_anchors(browser):
    page, base = browser
    page.goto(f"{base}/reference/schema/")
    targets = page.locator("a[href^='#']").evaluate_all("els => els.map(e => e.getAttribute('href').slice(1))")
    assert len(targets) > 10
    missing = sorted({t for t in targets if t and page.locator(f"[id='{t}']").count() == 0})
    assert missing == []


def test_guideline_arabic_examples_render_rtl(browser):
    page, base = browser
    page.goto(f"{base}/guidelines/appendix-entities/")
    arabic = page.locator("td [lang='ar']")
    assert arabic.count() > 100
    first = arabic.first
    assert first.is_visible()
    assert first.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert first.evaluate("e => e.getBoundingClientRect().width") > 10
    page.screenshot(path=str(SCREENSHOTS / "guideline-entities.png"), full_page=False)


def test_search_finds_an_arabic_name(browser):
    page, base = browser
    page.goto(f"{base}/")
    box = page.locator("input.md-search__input")
    box.click()
    page.keyboard.type("مكاري")  # typed, as a person would: the search listens to key events
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=20000)
    assert results.count() > 0
    assert "matching document" in page.locator(".md-search-result__meta").inner_text()
    assert "مكاري" in " ".join(results.all_inner_texts())
    page.screenshot(path=str(SCREENSHOTS / "search-arabic.png"))


def test_statistics_page_has_plots(site):
    html = (site / "statistics" / "index.html").read_text(encoding="utf-8")
    assert html.count('<svg class="chart"') == 4
    assert json.dumps("Entities per type")[1:-1] in html
