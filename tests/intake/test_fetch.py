"""The polite client against a real local server: 304, timeouts, size cap, robots.txt, retries, redirects."""

from __future__ import annotations

import itertools

import pytest

from clusterdesk.intake.fetch import FetchError, FetchOptions, PoliteClient
from tests.intake.site import ARTICLES, Site

FAST = FetchOptions(timeout=2.0, host_delay=0.0, retries=0, backoff=0.01, max_bytes=1024 * 1024)


def test_conditional_get_answers_304_with_the_etag(site: Site) -> None:
    site.set("/news/1", ARTICLES["/news/1"])
    with PoliteClient(FAST) as client:
        first = client.get(site.url("/news/1"))
        assert first.status_code == 200 and first.headers["etag"]
        second = client.get(site.url("/news/1"), etag=first.headers["etag"])
    assert second.not_modified and second.body == b""
    assert site.hits("/news/1", 304) == 1


def test_slow_site_times_out_with_a_russian_message(site: Site) -> None:
    site.set("/slow", ARTICLES["/news/1"], delay=1.5)
    with (
        PoliteClient(FetchOptions(timeout=0.3, host_delay=0, retries=0)) as client,
        pytest.raises(FetchError) as caught,
    ):
        client.get(site.url("/slow"))
    assert "не ответил за 0.3 с" in caught.value.message
    assert caught.value.transient


def test_huge_streamed_page_is_cut_at_the_cap(site: Site) -> None:
    site.set("/huge", stream_bytes=50 * 1024 * 1024)
    with PoliteClient(FAST) as client, pytest.raises(FetchError) as caught:
        client.get(site.url("/huge"))
    assert "больше допустимого" in caught.value.message


def test_declared_length_over_the_cap_is_refused_before_reading(site: Site) -> None:
    site.set("/big", b"x" * (2 * 1024 * 1024))
    with PoliteClient(FAST) as client, pytest.raises(FetchError) as caught:
        client.get(site.url("/big"))
    assert "2048 КБ > 1024 КБ" in caught.value.message


def test_robots_disallow_is_honoured_and_the_page_is_never_requested(site: Site) -> None:
    site.set("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.set("/private/news", ARTICLES["/news/1"])
    site.set("/news/1", ARTICLES["/news/1"])
    with PoliteClient(FAST) as client:
        with pytest.raises(FetchError) as caught:
            client.get(site.url("/private/news"))
        assert client.get(site.url("/news/1")).status_code == 200
    assert "robots.txt" in caught.value.message
    assert site.hits("/private/news") == 0
    assert site.hits("/robots.txt") == 1  # read once per host


def test_server_error_is_retried_with_backoff_then_reported(site: Site) -> None:
    site.set("/broken", "oops", status=500)
    options = FetchOptions(timeout=2.0, host_delay=0.0, retries=2, backoff=0.01)
    with PoliteClient(options) as client, pytest.raises(FetchError) as caught:
        client.get(site.url("/broken"))
    assert site.hits("/broken") == 3  # the first attempt and two retries
    assert "ошибкой 500" in caught.value.message


def test_not_found_is_not_retried(site: Site) -> None:
    options = FetchOptions(timeout=2.0, host_delay=0.0, retries=3, backoff=0.01)
    with PoliteClient(options) as client, pytest.raises(FetchError) as caught:
        client.get(site.url("/missing"))
    assert site.hits("/missing") == 1
    assert "не найдена (404)" in caught.value.message


def test_redirect_loop_is_an_error(site: Site) -> None:
    site.set("/a", status=302, location="/b")
    site.set("/b", status=302, location="/a")
    with PoliteClient(FAST) as client, pytest.raises(FetchError) as caught:
        client.get(site.url("/a"))
    assert "перенаправлений" in caught.value.message


def test_only_http_addresses_are_fetched() -> None:
    with PoliteClient(FAST) as client, pytest.raises(FetchError) as caught:
        client.get("file:///etc/passwd")
    assert "http://" in caught.value.message


def test_requests_to_one_host_are_spaced(site: Site) -> None:
    site.set("/news/1", ARTICLES["/news/1"])
    stamps: list[float] = []
    import time

    site.on_request = lambda path: stamps.append(time.monotonic())
    with PoliteClient(FetchOptions(timeout=2.0, host_delay=0.3, retries=0)) as client:
        client.get(site.url("/news/1"))
        client.get(site.url("/news/1"))
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert len(stamps) == 3  # robots.txt, then the page twice
    assert all(gap >= 0.29 for gap in gaps)


def test_a_huge_robots_txt_is_read_only_up_to_its_cap(site: Site) -> None:
    site.set("/robots.txt", stream_bytes=50 * 1024 * 1024, content_type="text/plain")
    site.set("/news/1", ARTICLES["/news/1"])
    with PoliteClient(FAST) as client:
        assert client.get(site.url("/news/1")).status_code == 200
