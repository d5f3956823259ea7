"""The shortcuts in front of the yargy grammars give exactly the grammars' own answers.

- risks: a category's parser is skipped when no word of the sentence has one of its lemmas (its *anchor*);
  here every category's parser also runs on every sentence, and the triggers must be the same;
- posts: the title grammar parses the tail of a window after its last barrier (a token no title can
  contain), and a title after a person up to the first barrier; here the whole window's matches after the cut
  must be the tail's, and the title at the chunk's start the same as the cut chunk's.

Texts: the repository's news test texts (seeds and factRuEval excerpts) and the risk sentences below.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from clusterdesk.news import posts, risks

NEWS = Path(__file__).resolve().parents[1] / "data" / "news"
RISK_SENTENCES = [
    "Арбитражный суд признал АО «Томский приборный завод» банкротом и ввел конкурсное производство.",
    "В офисе компании прошли обыски, возбуждено уголовное дело о мошенничестве.",
    "Банк России отозвал лицензию у банка, компания попала в SDN-список.",
    "На заводе произошел взрыв, ЧП расследует МЧС.",
    "Предприятие сократит 792 рабочих, задолженность по зарплате составила 3 млн рублей.",
    "Налоговая предъявила претензии, контракт расторгнут в одностороннем порядке.",
    "Компания опровергла информацию о банкротстве: сокращений не будет.",
    "Против директора возбудили дело, его подозревают в получении взятки, он задержан.",
]


def _sentences() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(NEWS.rglob("*.txt")) if p.name != "surnames.txt"]
    out = [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if s.strip()]
    return out + RISK_SENTENCES


def _all_parsers(sentence: str, vocab: Any) -> list[risks.Trigger]:
    found = []
    for category, parser in risks._parsers(vocab).parsers.items():
        for match in parser.findall(sentence):
            start, end = match.span.start, match.span.stop
            found.append(risks.Trigger(category, start, end, sentence[start:end]))
    return sorted(found, key=lambda t: (t.start, t.end))


def test_risk_anchors_skip_only_parsers_that_find_nothing(models) -> None:  # type: ignore[no-untyped-def]
    vocab = models.morph_vocab
    sentences = _sentences()
    with_triggers = 0
    for sentence in sentences:
        expected = _all_parsers(sentence, vocab) if risks._HINT.search(sentence) else []
        assert risks.find_triggers(sentence, vocab) == expected, sentence
        with_triggers += bool(expected)
    assert with_triggers >= len(RISK_SENTENCES)  # the comparison saw real triggers


def _spans(chunk: str, vocab: Any, offset: int = 0) -> list[tuple[int, int]]:
    parser, _ = posts._title_parser(vocab)
    return [(offset + m.span.start, offset + m.span.stop) for m in parser.findall(chunk)]


def _at_start(chunk: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """What `_title_at` takes: the first match, when only spaces come before it."""
    return spans[0] if spans and chunk[: spans[0][0]].strip() == "" else None


@pytest.mark.parametrize("width", [200, 80])
def test_title_cuts_keep_the_grammars_matches(models, width: int) -> None:  # type: ignore[no-untyped-def]
    vocab = models.morph_vocab
    cut_seen = 0
    for sentence in _sentences():
        for position in [m.start() for m in re.finditer(r"\s[А-ЯЁ]", sentence)]:
            window = sentence[max(0, position - width) : position]
            full = _spans(window, vocab)
            cuts = posts._tail_cuts(window, vocab)
            if cuts[0] > 0:
                cut_seen += 1
                after = [s for s in full if s[0] >= cuts[0]]
                assert _spans(window[cuts[0] :], vocab, cuts[0]) == after, window
                assert all(s[1] <= cuts[0] or s[0] >= cuts[0] for s in full)  # nothing crosses the cut
            chunk = sentence[position + 1 : position + 1 + width]
            head = posts._head_cut(chunk, vocab)
            assert _at_start(chunk, _spans(head, vocab)) == _at_start(chunk, _spans(chunk, vocab)), chunk
    assert cut_seen > 20
