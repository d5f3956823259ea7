"""Risk facts from real-shaped sentences: what counts, what a denial, a negation, a supposition, a closed case
or someone else's trouble leaves out, and the `clusterdesk extract` shape of a risk fact."""

from __future__ import annotations

import pytest

from clusterdesk.news.jsonl import item_to_json
from clusterdesk.news.link import Gazetteer, RegistryName
from clusterdesk.news.pipeline import PipelineOptions, process_text

MEMBER = RegistryName("organization", 7, "АО «Томский приборный завод»", ("Томский приборный завод",))


def _risks(models, text: str) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    gazetteer = Gazetteer([MEMBER], models.morph_vocab)
    (item,) = process_text(
        text, source="t", models=models, options=PipelineOptions(no_split=True), gazetteer=gazetteer
    )
    return [f for f in item_to_json(item)["facts"] if f["type"] == "risk"]


def _member_categories(models, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {str(f["category"]) for f in _risks(models, text) if f["organization_id"] == MEMBER.entity_id}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "АО «Томский приборный завод» подало в Арбитражный суд Томской области заявление о признании "
            "себя банкротом.",
            "bankruptcy",
        ),
        (
            "Арбитражный суд признал АО «Томский приборный завод» банкротом и ввел конкурсное производство.",
            "bankruptcy",
        ),
        ("В офисе АО «Томский приборный завод» прошли обыски, возбуждено уголовное дело.", "criminal"),
        ("Банк России отозвал лицензию у АО «Томский приборный завод».", "license"),
        ("На АО «Томский приборный завод» произошел взрыв, пострадали двое рабочих.", "accident"),
        ("АО «Томский приборный завод» сократит 300 сотрудников до конца года.", "layoffs"),
        ("Минфин США ввел санкции против АО «Томский приборный завод».", "sanctions"),
    ],
)
def test_a_risk_about_the_member_is_a_fact_linked_to_it(models, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    assert category in _member_categories(models, text)


@pytest.mark.parametrize(
    "text",
    [
        "АО «Томский приборный завод» опровергло информацию о банкротстве предприятия.",
        "АО «Томский приборный завод» не планирует сокращений персонала, заявил директор.",
        "АО «Томский приборный завод» может подать иск к поставщику.",
        "Эксперты не исключают банкротства АО «Томский приборный завод».",
        "Арбитражный суд поставил точку в деле о банкротстве АО «Томский приборный завод»: долги погашены.",
        "Суд оправдал директора АО «Томский приборный завод» по делу о невыплате зарплаты.",
        "АО «Томский приборный завод» подало в суд заявление о признании банкротом ООО «Сибирь-Снаб».",
        "Банк России отозвал лицензию у банка «Югра», сообщил АО «Томский приборный завод».",
        "Суд возбудил дело о банкротстве ООО «Сибирь-Снаб» по заявлению АО «Томский приборный завод».",
    ],
)
def test_no_fact_for_a_denial_a_supposition_a_closed_case_or_someone_elses_risk(models, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _member_categories(models, text) == set()


def test_a_risk_fact_in_the_extract_shape(models) -> None:  # type: ignore[no-untyped-def]
    text = "Арбитражный суд признал АО «Томский приборный завод» банкротом 5 марта 2025 года."
    (fact,) = _risks(models, text)
    assert fact["organization_id"] == MEMBER.entity_id and fact["category"] == "bankruptcy"
    assert fact["date"] == "2025-03-05"
    assert list(fact) == [
        "type", "category", "organization", "organization_id", "person", "person_id", "date", "trigger",
        "evidence",
    ]  # fmt: skip
    assert fact["evidence"] == {"start": 0, "end": len(text)}
