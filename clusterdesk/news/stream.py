"""A large plain-text source read as a stream: decoded, split into items and handed on block by block.

The file is read in chunks; lines gather into a block until it holds ``BLOCK_CHARS`` and reaches a blank line;
the block is split into items (news/split.py) and every item but the last goes on at once. The last one may
continue in the next block, so its text is carried over and split again with what follows. Memory is bounded
by a block plus the carried item (an item longer than ``MAX_ITEM_CHARS`` goes on as it is), and the first item
is analysed and stored before the rest of the file is read. Offsets stay those of the whole text.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from clusterdesk.news.records import ItemSlice, SourceError
from clusterdesk.news.split import split_items

STREAM_FROM_BYTES = 4 * 1024 * 1024
BLOCK_CHARS = 256 * 1024
MAX_ITEM_CHARS = 1024 * 1024
CHUNK_BYTES = 1024 * 1024
HEAD_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class TextStream:
    """A plain-text file too large to read whole; ``encoding`` was chosen from its first bytes."""

    source: str
    path: Path
    encoding: str


def open_stream(path: Path, source: str) -> TextStream | SourceError:
    """Check the head of the file (binary? which encoding?) and describe the stream, or name the problem."""
    # why: sources imports this module; the byte checks live there with the rest of the input rules
    from clusterdesk.news.sources import UndecodableError, decode_bytes, looks_binary

    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    if looks_binary(head):
        return SourceError(source, f"{source}: двоичные данные, а не текст (binary content)")
    cut = head.rfind(b"\n")
    try:
        _, encoding = decode_bytes(head[: cut + 1] if cut > 0 else head)
    except UndecodableError as exc:
        return SourceError(source, f"{source}: не удалось декодировать ({exc})")
    return TextStream(source=source, path=path, encoding=encoding)


def _lines(stream: TextStream) -> Iterator[str]:
    """The decoded text line by line (line ends kept, so the lines add up to the text)."""
    decoder = codecs.getincrementaldecoder(stream.encoding)(errors="replace")
    pending = ""
    with stream.path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            lines = (pending + decoder.decode(chunk)).splitlines(keepends=True)
            pending = lines.pop() if lines and not lines[-1].endswith(("\n", "\r")) else ""
            yield from lines
    tail = pending + decoder.decode(b"", final=True)
    if tail:
        yield tail


def iter_slices(stream: TextStream) -> Iterator[ItemSlice]:
    """The stream's news items in order, each as soon as the text after it shows where it ends."""
    base = 0  # offset of the block's first character in the whole text
    block: list[str] = []
    size = 0
    for line in _lines(stream):
        block.append(line)
        size += len(line)
        if size >= BLOCK_CHARS and not line.strip():
            text = "".join(block)
            slices = split_items(text) or [ItemSlice(offset=0, text=text)]
            last = slices[-1]
            if len(slices) == 1 and len(text) < MAX_ITEM_CHARS:
                continue  # one item so far: read on until it ends
            done = slices if len(slices) == 1 else slices[:-1]
            for piece in done:
                yield ItemSlice(offset=base + piece.offset, text=piece.text, title=piece.title)
            carried = "" if len(slices) == 1 else text[last.offset :]
            base += len(text) - len(carried)
            block, size = ([carried], len(carried)) if carried else ([], 0)
    text = "".join(block)
    if text.strip():
        for piece in split_items(text) or [ItemSlice(offset=0, text=text)]:
            yield ItemSlice(offset=base + piece.offset, text=piece.text, title=piece.title)
