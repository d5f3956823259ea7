"""Cut a plain-text source into news items and drop site boilerplate.

The rules read the layout of the text, not any particular site:
- a *headline* is a short line without final punctuation whose words come back in the next paragraph;
- a short line whose words do not come back is an inline teaser or a caption and is blanked out;
- a name-shaped line not echoed by what follows is an author signature: the bio after it is dropped;
- section headings («Последние статьи», «Читайте также»…), truncated snippets ending in «…», relative times
  («4 часа назад») and «Ранее мы сообщали…» lines are boilerplate;
- in a text without headlines, a paragraph that opens like a news lead (a date, «Сегодня», an organisation or
  an official as subject) starts a new item unless it reads as a continuation («…», «По итогам», a pronoun).

Every item keeps its offset into the source; lines dropped inside an item are replaced by spaces of the same
length so that item text stays aligned with the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clusterdesk.news.records import ItemSlice

_SECTION_HEADINGS = (
    "последние статьи",
    "последние новости",
    "читайте также",
    "читайте еще",
    "читайте ещё",
    "похожие новости",
    "похожие материалы",
    "похожие статьи",
    "материалы по теме",
    "новости по теме",
    "по теме",
    "популярное",
    "самое читаемое",
    "самое популярное",
    "новости партнеров",
    "новости партнёров",
    "комментарии",
    "другие новости",
    "еще новости",
    "ещё новости",
    "лента новостей",
    "рекомендуем",
    "смотрите также",
    "главные новости",
    "выбор редакции",
    "вам может быть интересно",
    "подписывайтесь",
    "поделиться",
    "все новости",
    "новости компаний",
    "мнения",
    "реклама",
)
_RELATIVE_TIME = re.compile(
    r"^(?:\d+|одну|один|одна|два|две|три|четыре|пять|несколько|полчаса)?\s*"
    r"(?:секунд\w*|сек\.?|минут\w*|мин\.?|час\w*|дн\w*|день|недел\w*|месяц\w*|год\w*|лет)\s+назад\.?$"
    r"|^(?:сегодня|вчера|позавчера)(?:,|\s+в)?\s*\d{1,2}:\d{2}$"
    r"|^\d{1,2}[:.]\d{2}$"
    r"|^\d{1,2}\s+[а-я]+(?:\s+\d{4})?(?:\s*(?:г\.|года))?,?\s*(?:в\s*)?\d{1,2}:\d{2}$",
    re.IGNORECASE,
)
_EARLIER_TEASER = re.compile(
    r"^(?:ранее\s+(?:мы\s+)?(?:сообщал\w*|писал\w*|рассказывал\w*)|читайте\s+(?:также|ещё|еще|нас)|"
    r"подписывайтесь\s+на|подробнее\s*[:—-]|фото\s*:|источник\s*:|теги\s*:)",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^\s*(?:[*\-=_~#]\s*){3,}$")
_NAME_SHAPED = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:\s+[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?){1,2}$")
_TRUNCATED = re.compile(r"(?:…|\.\.\.)\s*$")
_FINAL_PUNCT = re.compile(r"[.!?…:;»\"”)]\s*$")
_WORD = re.compile(r"[А-Яа-яЁёA-Za-z]{5,}")
_MONTHS = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
_TEMPORAL_LEAD = re.compile(
    rf"^(?:с\s+\d{{1,2}}\s+(?:({_MONTHS})\s+)?по\s+\d{{1,2}}\s+(?:{_MONTHS})"
    rf"|\d{{1,2}}(?:\s*[-–—]\s*\d{{1,2}})?\s+(?:{_MONTHS})"
    r"|сегодня|вчера|завтра|на этой неделе|на прошлой неделе|в (?:понедельник|вторник|среду|четверг|пятницу|"
    r"субботу|воскресенье)|в \d{4} году)\b",
    re.IGNORECASE,
)
_OFFICIAL = (
    "ректор",
    "проректор",
    "губернатор",
    "глава",
    "министр",
    "директор",
    "генеральный",
    "председатель",
    "заместитель",
    "начальник",
    "президент",
    "мэр",
    "руководитель",
    "вице-губернатор",
    "вице-премьер",
    "премьер",
    "депутат",
    "сенатор",
    "посол",
    "декан",
    "основатель",
    "сооснователь",
    "врио",
    "мэрия",
    "администрация",
    "правительство",
    "министерство",
    "минэкономразвития",
    "минпромторг",
    "минобрнауки",
    "компания",
)
_LEGAL_OR_ABBR = re.compile(r"^(?:[А-ЯЁA-Z]{2,}[а-яё]?\b|«)")
_CONTINUATION = re.compile(
    r"^(?:[«\"„“—–\-]|\d+\)|(?:по итогам|по словам|по мнению|по данным|кроме того|также|при этом|однако|"
    r"но|а|и|ранее|он|она|они|оно|это|этот|эта|эти|такой|такая|такие|в ходе|в рамках|в том числе|об этом|"
    r"как (?:отметил|отметила|сообщил|сообщила|рассказал|рассказала|подчеркнул|подчеркнула|заявил|заявила|"
    r"пояснил|пояснила|добавил|добавила)|напомним|в свою очередь|в частности|помимо этого|кроме этого|"
    r"вместе с тем|тем временем|также|всего|итогом|в результате|в итоге|планируется|ожидается|"
    r"соглашение|мероприятие|проект|сессия|форум)\b)",
    re.IGNORECASE,
)
_STOP_STEMS = {
    "котор",
    "также",
    "этого",
    "этому",
    "будет",
    "более",
    "после",
    "между",
    "может",
    "своих",
    "своей",
}


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class _Item:
    lines: list[_Line] = field(default_factory=list)
    masked: list[_Line] = field(default_factory=list)
    title: str | None = None


def split_items(text: str) -> list[ItemSlice]:
    """Split a source text into news items with their offsets; boilerplate is dropped."""
    lines = _lines(text)
    if not lines:
        return []
    items: list[_Item] = []
    current: _Item | None = None
    tail = False

    def close() -> None:
        nonlocal current
        if current is not None and current.lines:
            items.append(current)
        current = None

    index = 0
    while index < len(lines):
        line = lines[index]
        body = line.text.strip()
        following = lines[index + 1] if index + 1 < len(lines) else None
        if _SEPARATOR.match(body):
            close()
            tail = False
        elif _is_section_heading(body) or _RELATIVE_TIME.match(body):
            close()
            tail = True
        elif _EARLIER_TEASER.match(body):
            close()
        elif _is_title_like(body):
            role = _title_role(body, following, lines[index + 2] if index + 2 < len(lines) else None)
            if role == "headline":
                close()
                current = _Item(lines=[line], title=body)
                tail = False
            elif role == "teaser":
                close()
                tail = True
                index += 1  # the snippet goes with its headline
            elif role == "signature":
                close()
                tail = True
            elif current is not None and not tail:
                current.masked.append(line)
        elif tail or (
            _TRUNCATED.search(body) and following is not None and _RELATIVE_TIME.match(following.text.strip())
        ):
            pass
        elif current is None:
            current = _Item(lines=[line])
        elif current.title is None and _opens_new_item(body):
            close()
            current = _Item(lines=[line])
        else:
            current.lines.append(line)
        index += 1
    close()
    return [_slice(text, item) for item in items]


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        start = match.start() + lead
        out.append(_Line(start, start + len(stripped), stripped))
    return out


def _slice(text: str, item: _Item) -> ItemSlice:
    start = item.lines[0].start
    end = item.lines[-1].end
    chars = list(text[start:end])
    for line in item.masked:
        if start <= line.start and line.end <= end:
            for pos in range(line.start - start, line.end - start):
                chars[pos] = " "
    return ItemSlice(offset=start, text="".join(chars), title=item.title)


def _is_section_heading(body: str) -> bool:
    norm = re.sub(r"[^\w\s-]", "", body.lower()).strip()
    return norm in _SECTION_HEADINGS


def _is_title_like(body: str) -> bool:
    words = body.split()
    return 0 < len(words) <= 25 and len(body) <= 200 and body[0].isupper() and not _FINAL_PUNCT.search(body)


def _stems(body: str) -> set[str]:
    return {w.lower()[:5] for w in _WORD.findall(body)} - _STOP_STEMS


def _echoes(title: str, paragraph: str) -> bool:
    """Does the paragraph repeat the title's words, as a lead repeats its headline?"""
    title_stems = _stems(title)
    shared = title_stems & _stems(paragraph)
    return len(shared) >= 2 or (len(shared) >= 1 and len(title_stems) <= 3)


def _title_role(body: str, following: _Line | None, after: _Line | None) -> str:
    """headline, teaser (headline + truncated snippet), signature, rubric or inline (caption/teaser)."""
    if following is None:
        return "inline"
    next_body = following.text.strip()
    if _is_title_like(next_body) and not _RELATIVE_TIME.match(next_body):
        return "rubric"
    if _TRUNCATED.search(next_body) or (after is not None and _RELATIVE_TIME.match(after.text.strip())):
        return "teaser" if _echoes(body, next_body) else "inline"
    if _echoes(body, next_body):
        return "headline"
    if _NAME_SHAPED.match(body):
        return "signature"
    return "inline"


def _opens_new_item(body: str) -> bool:
    """Does a paragraph open like a news lead rather than continue the previous one?"""
    if body[0].islower() or _CONTINUATION.match(body):
        return False
    if _TEMPORAL_LEAD.match(body):
        return True
    first = body.split(maxsplit=1)[0].lower().strip(",")
    return first in _OFFICIAL or bool(_LEGAL_OR_ABBR.match(body))
