"""Large text files are read, split and stored as a stream; every bad input is its own named error."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from clusterdesk.audit.service import SYSTEM
from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.news.cli import run_extract
from clusterdesk.news.ingest import IngestSummary, ingest
from clusterdesk.news.models import NewsOccurrence
from clusterdesk.news.records import SourceDocument, SourceError
from clusterdesk.news.sources import SourceOptions, read_sources
from clusterdesk.news.split import split_items
from clusterdesk.news.store import Stored
from clusterdesk.news.stream import STREAM_FROM_BYTES, TextStream, iter_slices, open_stream


def _item(n: int) -> str:
    return (
        f"Томский завод номер {n} запустил новую линию\n\n"
        f"Томский завод номер {n} запустил новую линию по выпуску приборов. Об этом сообщила пресс-служба "
        f"предприятия в понедельник. Линия обойдётся в {n} млн рублей и даст работу ста специалистам.\n\n"
    )


def _large_file(path: Path, size: int) -> int:
    """News items up to ``size`` bytes; returns how many."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        written = 0
        while written < size:
            text = _item(count)
            handle.write(text)
            written += len(text.encode("utf-8"))
            count += 1
    return count


def test_stream_gives_the_items_of_the_whole_text_with_their_offsets(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    count = _large_file(path, 1_200_000)
    stream = open_stream(path, str(path))
    assert isinstance(stream, TextStream) and stream.encoding == "utf-8"
    text = path.read_text("utf-8")
    slices = list(iter_slices(stream))
    assert len(slices) == count == len(split_items(text))
    for number in (0, 1, count // 2, count - 1):
        piece = slices[number]
        assert piece.title == f"Томский завод номер {number} запустил новую линию"
        assert text[piece.offset : piece.offset + len(piece.text)] == piece.text


def test_the_first_item_comes_before_the_end_of_the_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    count = _large_file(path, 3_000_000)
    slices = iter_slices(TextStream(str(path), path, "utf-8"))
    first = next(slices)
    assert first.title == "Томский завод номер 0 запустил новую линию"
    # rewrite the last item now: the stream has not read it yet, so it must see the new words
    data = path.read_bytes()
    old = f"номер {count - 1} запустил".encode()
    new = f"номер {count - 1} закрылся".encode()
    assert len(old) == len(new)
    path.write_bytes(data[:-4000] + data[-4000:].replace(old, new))
    *_, last = slices
    assert last.title == f"Томский завод номер {count - 1} закрылся новую линию"


def test_a_large_text_file_is_streamed_and_a_binary_one_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    _large_file(big, STREAM_FROM_BYTES + 10_000)
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 20_000)
    options = SourceOptions(max_bytes=1024)  # the streamed file is not bound by the whole-read limit
    stream, refused = list(read_sources([big, binary], SourceOptions(stream_from_bytes=1_000_000)))
    assert isinstance(stream, TextStream)
    assert isinstance(refused, SourceError) and "двоичн" in refused.message
    [whole] = list(read_sources([big], options))
    assert isinstance(whole, TextStream)


def test_invalid_urls_and_odd_names_are_errors_of_their_own_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(_item(1), encoding="utf-8")
    inputs = ["http://º/", "http://[::1/", "bad\x00name.txt", str(good)]
    results = list(read_sources(inputs))
    errors = [r for r in results if isinstance(r, SourceError)]
    assert [e.source for e in errors] == inputs[:3]
    assert "неверный адрес" in errors[0].message and "неверный адрес" in errors[1].message
    assert isinstance(results[-1], SourceDocument)


def test_extract_exits_3_when_some_input_failed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text(_item(1), encoding="utf-8")
    assert run_extract([str(good)]) == 0
    assert run_extract(["http://º/", str(good)]) == 3
    captured = capsys.readouterr()
    assert "http://º/" in captured.err and "неверный адрес" in captured.err
    assert captured.out.count("\n") == 2  # the good file, both times


class _Stop(Exception):
    pass


def test_ingest_stores_a_large_file_item_by_item(scratch_url: str, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    count = _large_file(big, STREAM_FROM_BYTES + 100_000)
    seen: list[int] = []
    engine = make_engine(scratch_url)
    factory = make_session_factory(engine)

    def on_item(stored: Stored, summary: IngestSummary) -> None:
        with factory() as other:  # what another connection sees: committed rows only
            seen.append(other.scalar(select(func.count()).select_from(NewsOccurrence)) or 0)
        if len(seen) == 3:
            raise _Stop

    with pytest.raises(_Stop):
        ingest([big], session_factory=factory, actor=SYSTEM, on_item=on_item)
    engine.dispose()
    assert seen == [1, 2, 3]  # each item (new, or a reprint of the first) committed as it came
    assert count > 100
