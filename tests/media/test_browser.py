"""Media analytics in real Chromium: the charts on an organisation card and on the cluster media page, and a
story told by two outlets. Set CLUSTERDESK_SCREENSHOTS=docs/screenshots to refresh the screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.media.index import index_pending
from tests.conftest import login_in_browser, screenshot
from tests.media.conftest import publish_real_publications

pytestmark = pytest.mark.browser


def test_card_and_cluster_media_charts_and_a_story(
    live_server: str, scratch_url: str, page: Page, tmp_path: Path, backend: str
) -> None:
    engine = make_engine(scratch_url)  # the server's database, next to the demo data
    with make_session_factory(engine).begin() as session:
        publish_real_publications(session)
        while index_pending(session=session):
            pass
    engine.dispose()
    login_in_browser(page, live_server)
    page.goto(f"{live_server}/organizations?q=ТУСУР")
    page.get_by_role("link", name="ТУСУР", exact=True).click()
    media = page.get_by_test_id("org-media")
    expect(media.get_by_test_id("media-items")).to_have_text("8")
    expect(page.locator("#org-media-series[data-ready='1'] svg")).to_have_count(1)  # ECharts drew it
    expect(page.locator("#org-media-prominence[data-ready='1'] svg")).to_have_count(1)
    expect(page.locator("#org-media-topics[data-ready='1'] svg")).to_have_count(1)
    expect(media).to_contain_text("АО «НПФ «Микран»")
    media.scroll_into_view_if_needed()
    screenshot(page, tmp_path, "media-organization-card", backend)

    page.get_by_role("link", name="СМИ", exact=True).click()
    expect(page.locator("h1")).to_contain_text(
        "СМИ о кластере: Промышленный кластер электроники"
    )  # the largest
    for chart in ("series", "share", "topics", "prominence"):
        expect(page.locator(f"#cluster-media-{chart}[data-ready='1'] svg")).to_have_count(1)
    expect(page.get_by_test_id("media-share")).to_contain_text("ТУСУР")
    expect(page.get_by_test_id("media-share")).to_contain_text("АО «НПФ «Микран»")
    screenshot(page, tmp_path, "media-cluster", backend)
    with page.expect_download() as download:
        page.get_by_role("button", name="Скачать XLSX").click()
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"

    page.goto(f"{live_server}/news")
    page.get_by_test_id("by-story").click()
    page.get_by_label("только сюжеты из нескольких новостей").check()
    page.get_by_role("button", name="Найти").click()
    # the creation of the cluster (tass.ru and kommersant.ru, 1 September 2025) and the undated meeting where
    # the members presented their projects (a seed item and tomsk.ru)
    expect(page.get_by_test_id("stories-total")).to_have_text("2")
    story = page.get_by_test_id("story").filter(has_text="tass.ru")
    expect(story).to_contain_text("tass.ru")
    expect(story).to_contain_text("kommersant.ru")
    screenshot(page, tmp_path, "media-stories", backend)
    story.get_by_role("link").first.click()
    expect(page.get_by_test_id("story-timeline").locator("li")).to_have_count(2)
    screenshot(page, tmp_path, "media-story", backend)
