"""Russian match terms: lemmas, abbreviations and the prefix fallback."""

from __future__ import annotations

from clusterdesk.projects.okved import proximity
from clusterdesk.projects.terms import Terms, terms_of


def test_lidar_need_and_capability_share_lidar_and_drone() -> None:
    need = terms_of(["лидарные датчики для БПЛА"])
    capability = terms_of(["производство лидаров для беспилотников"])
    assert need.words & capability.words == {"лидар", "беспилотник"}
    assert "для" not in need.words  # prepositions carry no meaning


def test_abbreviations_and_phrases_name_one_concept() -> None:
    for text in ("БПЛА", "дронов", "квадрокоптер", "беспилотный летательный аппарат", "БАС"):
        assert "беспилотник" in terms_of([text]).words, text
    assert "ии" in terms_of(["искусственный интеллект"]).words
    assert "свч" in terms_of(["СВЧ-модули"]).words


def test_prefixes_meet_derived_words_and_terms_round_trip() -> None:
    a, b = terms_of(["спутниковая связь"]), terms_of(["спутник связи"])
    assert a.words & b.words == {"спутник", "связь"}
    stored = terms_of(["радиолокационные станции"])
    assert Terms.parse(stored.serialise()) == stored
    assert terms_of(["тепловизионный"]).prefixes & terms_of(["тепловизоры"]).prefixes
    assert terms_of(["радиолокация"]).words == terms_of(["РЛС"]).words == {"радар"}


def test_okved_proximity_follows_the_hierarchy() -> None:
    assert proximity("26.51", "26.51") == 1.0
    assert 0.5 <= proximity("26.51", "26.30") < 1.0  # same division
    assert proximity("26.51", "85.22") == 0.0  # different sections
    assert proximity("26.51", None) == 0.0
