"""Fixtures of the news tests: natasha models loaded once per session, the seed texts, offset checks."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "news"
SEEDS = DATA / "seeds"


@pytest.fixture(scope="session")
def models():  # type: ignore[no-untyped-def]
    from clusterdesk.news.nlp import build_models

    return build_models()


@pytest.fixture(scope="session")
def seed_000() -> Path:
    return next(SEEDS.glob("000_*.txt"))


@pytest.fixture(scope="session")
def seed_004() -> Path:
    return next(SEEDS.glob("004_*.txt"))


def assert_offsets(source_text: str, item: dict) -> None:  # type: ignore[type-arg]
    """The documented invariant for every entity of a serialised item."""
    text = item["text"]
    offset = item["offset"]
    for entity in item["entities"]:
        start, end = entity["start"], entity["end"]
        assert text[start:end] == entity["text"], entity
        assert source_text[offset + start : offset + end] == text[start:end], entity
    for fact in item["facts"]:
        assert 0 <= fact["evidence"]["start"] < fact["evidence"]["end"] <= len(text), fact
