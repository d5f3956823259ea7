import pytest

from clusterdesk.registry.identifiers import check_inn, check_ogrn


@pytest.mark.parametrize("inn", ["7707083893", "7736207543", "500100732259"])
def test_valid_inn_is_accepted(inn: str) -> None:
    assert check_inn(f" {inn} ") == inn


@pytest.mark.parametrize(
    ("inn", "reason"),
    [
        ("7707083894", "контрольной суммы"),
        ("770708389", "10"),
        ("77070838ab", "10"),
        ("500100732250", "контрольной"),
    ],
)
def test_invalid_inn_names_the_reason(inn: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason) as info:
        check_inn(inn)
    assert inn in str(info.value)


@pytest.mark.parametrize("ogrn", ["1027700132195", "1027700229193", "304500116000157"])
def test_valid_ogrn_is_accepted(ogrn: str) -> None:
    assert check_ogrn(ogrn) == ogrn


@pytest.mark.parametrize("ogrn", ["1027700132194", "10277001321", "304500116000158"])
def test_invalid_ogrn_is_rejected(ogrn: str) -> None:
    with pytest.raises(ValueError, match="ОГРН"):
        check_ogrn(ogrn)
