"""The outlet of an article: the web site it was read from, as a reader names it («tomsk.ru», «ria.ru»)."""

from __future__ import annotations

from urllib.parse import urlsplit

NO_OUTLET = ""
_PREFIXES = ("www.", "m.", "amp.")


def outlet_of(url: str | None, source: str | None = None) -> str:
    """The site's host without «www.»; empty when neither the address nor the source is a web address."""
    for candidate in (url, source):
        if candidate and candidate.lower().startswith(("http://", "https://")):
            host = (urlsplit(candidate.strip()).hostname or "").lower().rstrip(".")
            for prefix in _PREFIXES:
                if host.startswith(prefix) and host.count(".") > 1:
                    host = host[len(prefix) :]
            return host[:300]
    return NO_OUTLET
