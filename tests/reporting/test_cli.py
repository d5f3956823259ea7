"""``clusterdesk report compliance`` as a user runs it: a real process against a real database."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.test_cli import run


def test_report_compliance_writes_the_same_file_twice_and_refuses_bad_input(
    scratch_url: str, tmp_path: Path
) -> None:
    assert run(scratch_url, tmp_path, "demo", "--no-serve").returncode == 0
    out = tmp_path / "c.xlsx"
    first = run(
        scratch_url, tmp_path, "report", "compliance", "--cluster", "1", "--period", "2025", "--out", str(out)
    )
    assert first.returncode == 0, first.stderr
    assert "contracts: no_data" in first.stdout  # the demo campaign has no accepted form: nothing is judged
    body = out.read_bytes()
    again = run(
        scratch_url, tmp_path, "report", "compliance", "--cluster", "1", "--period", "2025", "--out", str(out)
    )
    assert again.returncode == 0 and out.read_bytes() == body
    sheet = load_workbook(out)["Требования"]
    assert sheet["B5"].value == "Требования к промышленным кластерам, подпункт «а»"
    bad = run(
        scratch_url,
        tmp_path,
        "report",
        "compliance",
        "--cluster",
        "1",
        "--period",
        "2025-Q9",
        "--out",
        str(out),
    )
    assert bad.returncode == 1 and "период" in bad.stderr
    missing = run(
        scratch_url,
        tmp_path,
        "report",
        "compliance",
        "--cluster",
        "999",
        "--period",
        "2025",
        "--out",
        str(out),
    )
    assert missing.returncode == 1 and "не найден" in missing.stderr
