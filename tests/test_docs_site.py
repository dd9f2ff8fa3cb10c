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
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


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


def test_schema_reference_is_generated_from_the_schemas(site):
    from tahaluf.contract import schema

    page = (site / "reference" / "schema" / "index.html").read_text(encoding="utf-8")
    for name in ("document", "catalog", "manifest", "prediction-entities"):
        assert schema(name)["title"] in page
    assert schema("defs")["$defs"]["span"]["description"].split(":")[0] in page


@pytest.fixture(scope="module")
def browser(site):
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; the test command installs it (see README)")
        pytest.skip("chromium is not installed (the README's test command installs it)")
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


def test_toggling_a_layer_hides_its_highlights(browser, records):
    page, base = browser
    page.goto(f"{base}/documents/{records[1]['id']}/")
    entity = page.locator(".doc-text .ann[data-layer='entities']").first
    date = page.locator(".doc-text .ann[data-layer='dates']").first
    before = entity.evaluate("e => getComputedStyle(e).backgroundColor")
    assert before not in ("rgba(0, 0, 0, 0)", "transparent")
    page.locator("input.layer-toggle[data-layer='entities']").uncheck()
    assert entity.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert date.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    page.locator("input.layer-toggle[data-layer='entities']").check()
    assert entity.evaluate("e => getComputedStyle(e).backgroundColor") == before


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
