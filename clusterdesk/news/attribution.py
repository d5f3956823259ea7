"""An organisation named as the source of the news («сообщает ТАСС», «по информации РИА Томск», «"Коммерсантъ"
пишет»): it reports what happened, it is no party to it — not the risk's subject, not a side of an agreement,
not a participant of a project."""

from __future__ import annotations

import re

SOURCE_BEFORE = re.compile(
    r"(?:сообща\w+|сообщил\w*|переда\w+|пишет|писал\w*|по\s+данным|со\s+ссылкой\s+на|по\s+информации|"
    r"по\s+сведениям|цитиру\w+|информиру\w+|в\s+эфире|рассказал\w*|заявил\w*\s+в|сообщил\w*\s+в|"
    r"по\s+словам)\s*(?:(?:радиостанци|телеканал|газет|агентств|информагентств|издани|портал|сайт|журнал)\w*\s+)?"
    r"(?:(?:ООО|ОАО|ПАО|ЗАО|АО|НАО|ИА)\s+)?[«\"]?\s*$",
    re.IGNORECASE,
)
SOURCE_AFTER = re.compile(
    r"^\s*[»\"]?\s*(?:[A-Za-zА-Яа-яЁё][\w.]*\s+)?(?:сообща\w+|переда\w+|пишет|информиру\w+)", re.IGNORECASE
)


def cited_before(before: str) -> bool:
    """The text right before a name introduces it as the source («как сообщает», «по данным агентства»)."""
    return SOURCE_BEFORE.search(before) is not None


def cited_after(after: str) -> bool:
    """The text right after a name makes it the source («ТАСС сообщает», «"Фонтанка" пишет»)."""
    return SOURCE_AFTER.match(after) is not None


# the narrower cue for the sides of an agreement or a project: a name right after a verb of reporting or «по
# данным», as media are cited («сообщает ТАСС», «по информации РИА Томск») — not «сообщили в ТУСУРе» nor «по
# словам», where an organisation or a person speaks of its own doings
REPORTED_BY = re.compile(
    r"(?:сообща\w+|сообщил\w*|переда\w+|пишет|писал\w*|по\s+данным|со\s+ссылкой\s+на|по\s+информации|"
    r"по\s+сведениям|цитиру\w+|информиру\w+)\s*"
    r"(?:(?:радиостанци|телеканал|газет|агентств|информагентств|издани|портал|сайт|журнал)\w*\s+)?"
    r"(?:ИА\s+)?[«\"]?\s*$",
    re.IGNORECASE,
)


def reported_by(sentence: str, start: int) -> bool:
    """The name starting at ``sentence[start]`` is the medium the news is reported by, not a side of it."""
    return REPORTED_BY.search(sentence[max(0, start - 60) : start]) is not None
