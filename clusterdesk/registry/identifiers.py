"""Check digits of Russian company identifiers: INN (ИНН) and OGRN (ОГРН/ОГРНИП)."""

from __future__ import annotations

_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def check_inn(value: str) -> str:
    """Return the INN if valid; raise ValueError saying what is wrong."""
    inn = value.strip()
    if not inn.isdigit() or len(inn) not in (10, 12):
        raise ValueError(f"ИНН «{value}» должен состоять из 10 (организация) или 12 (ИП) цифр")
    if len(inn) == 10:
        ok = _weighted(inn, _INN10) == int(inn[9])
    else:
        ok = _weighted(inn, _INN11) == int(inn[10]) and _weighted(inn, _INN12) == int(inn[11])
    if not ok:
        raise ValueError(f"ИНН «{value}» не проходит проверку контрольной суммы")
    return inn


def check_ogrn(value: str) -> str:
    """Return the OGRN (13 digits) or OGRNIP (15 digits) if valid; raise ValueError otherwise."""
    ogrn = value.strip()
    if not ogrn.isdigit() or len(ogrn) not in (13, 15):
        raise ValueError(f"ОГРН «{value}» должен состоять из 13 цифр (ОГРНИП — из 15)")
    modulus = 11 if len(ogrn) == 13 else 13
    if int(ogrn[:-1]) % modulus % 10 != int(ogrn[-1]):
        raise ValueError(f"ОГРН «{value}» не проходит проверку контрольной суммы")
    return ogrn
