"""Registry upkeep commands as a user runs them: a real process against a real database."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import run


def test_import_people_and_posts_then_duplicates_and_propose(scratch_url: str, tmp_path: Path) -> None:
    assert run(scratch_url, tmp_path, "demo", "--no-serve").returncode == 0
    people = tmp_path / "люди.csv"
    people.write_text("ФИО;Описание\nРулевского Виктора Михайловича;дубль\n", encoding="utf-8")
    imported = run(scratch_url, tmp_path, "import", "people", str(people))
    assert imported.returncode == 0, imported.stderr
    assert "обработано 1 из 1" in imported.stdout and "создано 1" in imported.stdout
    posts = tmp_path / "должности.csv"
    posts.write_text("ФИО;Организация;Должность\nИванов Иван;Нет такой;директор\n", encoding="utf-8")
    refused = run(scratch_url, tmp_path, "import", "posts", str(posts))
    assert refused.returncode != 0 and "не найдена" in refused.stdout + refused.stderr
    scan = run(scratch_url, tmp_path, "registry", "duplicates", "--people")
    assert scan.returncode == 0, scan.stderr
    assert "Рулевского Виктора Михайловича" in scan.stdout and "совпадают" in scan.stdout
    proposed = run(scratch_url, tmp_path, "registry", "propose")
    assert proposed.returncode == 0 and "новых предложений: 0" in proposed.stdout
