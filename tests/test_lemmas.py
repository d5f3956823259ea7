from clusterdesk.lemmas import query_terms, search_text


def _matches(query: str, *names: str) -> bool:
    keys = search_text(names)
    return all(any(f" {form}" in keys for form in forms) for forms in query_terms(query))


def test_inflected_abbreviation_finds_its_entry() -> None:
    assert _matches("ТУСУРа", "ТУСУР")
    assert _matches("тусур", "ТУСУР")


def test_case_forms_of_words_match() -> None:
    assert _matches("Томской области", "Администрация Томской области")
    assert _matches("Микрана", "АО «НПФ «Микран»")
    assert _matches("школой экономики", "Высшая школа экономики")


def test_unrelated_words_do_not_match() -> None:
    assert not _matches("Когнитив", "АО «НПФ «Микран»")
    assert not _matches("ТГУ", "ТУСУР")
