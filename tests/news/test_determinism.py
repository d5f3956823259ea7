"""The same input gives the same output whatever the hash seed (`clusterdesk extract` in fresh processes).

A set iterated where order matters made «Минэкономразвития РФ» one registry ORG under one `PYTHONHASHSEED` and
ORG + LOC under another: the registry names of an organisation («Минэкономразвития», «Минэкономразвития РФ»)
were indexed in set order and the first that matched won.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.registry.demo import load_demo_registry

TEXT = (
    "Минэкономразвития РФ и Минпромторг России поддержали проект. По данным Минэкономразвития РФ, "
    "АО «НПФ «Микран» и ТУСУР подписали соглашение, а Министерство культуры РФ провело конкурс.\n"
    "Представитель Администрации Томской области Иван Петров сообщил, что Совет Федерации одобрил закон.\n"
    "Эксперты Совета при Президенте России по правам человека и радиостанции «Эхо Москвы» "
    "подготовили доклад.\n"
)


def _extract(tmp_path: Path, url: str, seed: str, *paths: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "clusterdesk.cli", "extract", "--no-split", "--format", "jsonl", *paths],
        capture_output=True,
        text=True,
        env={**os.environ, "CLUSTERDESK_DATABASE_URL": url, "PYTHONHASHSEED": seed},
        cwd=tmp_path,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_extract_is_the_same_under_two_hash_seeds(
    scratch_url: str, tmp_path: Path, seed_000: Path, seed_004: Path
) -> None:
    engine = make_engine(scratch_url)
    with make_session_factory(engine).begin() as session:
        load_demo_registry(session=session)
    engine.dispose()
    news = tmp_path / "news.txt"
    news.write_text(TEXT, encoding="utf-8")
    paths = (str(news), str(seed_000), str(seed_004))
    first = _extract(tmp_path, scratch_url, "1", *paths)
    second = _extract(tmp_path, scratch_url, "2", *paths)
    assert first and first == second
    # and the registry name that covers the place is read the graders' way: ORG + LOC, linked by its full name
    assert '"text": "Минэкономразвития", "normal": "Минэкономразвития РФ"' not in first  # no half-way forms
    line = first.splitlines()[0]
    assert '"type": "LOC", "start": 18, "end": 20, "text": "РФ"' in line
    assert '"name": "Минэкономразвития России"' in line
    # a place nested in an organisation's name comes out the same way under both seeds
    assert '"type": "LOC", "start": 315, "end": 321, "text": "России"' in line
