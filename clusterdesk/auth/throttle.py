"""Login throttling: failed attempts are counted per username and per client address (moving windows from the
``limits`` library); while any window is full, every attempt — the right password too — is refused with 429.

The windows widen the longer an attack goes on (backoff): 5 failures for one username in a minute close it for
the rest of that minute, 10 in a quarter of an hour for the quarter, 20 in a day for the day. A client address
gets more room (an office behind one NAT): 20 a minute, 100 an hour. A successful login clears the username's
counters. Counters live in memory per server process (``memory://``); several worker processes or servers
would each count on their own — set ``CLUSTERDESK_THROTTLE_STORAGE`` to ``redis://…`` to share them.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field

from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from clusterdesk.errors import DomainError

USERNAME_LIMITS = "5/minute;10/15 minutes;20/day"
ADDRESS_LIMITS = "20/minute;100/hour"


class TooManyAttemptsError(DomainError):
    status_code = 429


def _minutes(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    n = minutes % 100
    if 11 <= n <= 14:
        word = "минут"
    elif n % 10 == 1:
        word = "минуту"
    elif 2 <= n % 10 <= 4:
        word = "минуты"
    else:
        word = "минут"
    return f"{minutes} {word}"


@dataclass
class LoginThrottle:
    storage_uri: str = field(
        default_factory=lambda: os.environ.get("CLUSTERDESK_THROTTLE_STORAGE", "memory://")
    )
    username_limits: list[RateLimitItem] = field(default_factory=lambda: parse_many(USERNAME_LIMITS))
    address_limits: list[RateLimitItem] = field(default_factory=lambda: parse_many(ADDRESS_LIMITS))

    def __post_init__(self) -> None:
        self.limiter = MovingWindowRateLimiter(storage_from_string(self.storage_uri))

    def _keys(self, username: str, address: str) -> list[tuple[RateLimitItem, str]]:
        name = username.strip().lower()[:150]
        return [(item, "user:" + name) for item in self.username_limits] + [
            (item, "addr:" + address) for item in self.address_limits
        ]

    def check(self, username: str, address: str) -> None:
        """Refuse (429) while any window of this username or address is full."""
        wait = 0.0
        for item, key in self._keys(username, address):
            if not self.limiter.test(item, "login", key):
                reset_at = self.limiter.get_window_stats(item, "login", key).reset_time
                wait = max(wait, reset_at - time.time())
        if wait > 0:
            raise TooManyAttemptsError(
                "Слишком много неудачных попыток входа. Вход для этой учётной записи или с этого адреса "
                f"временно закрыт: повторите через {_minutes(wait)}."
            )

    def failed(self, username: str, address: str) -> None:
        for item, key in self._keys(username, address):
            self.limiter.hit(item, "login", key)

    def succeeded(self, username: str) -> None:
        name = username.strip().lower()[:150]
        for item in self.username_limits:
            self.limiter.clear(item, "login", "user:" + name)


def for_app(state: object) -> LoginThrottle:
    """The throttle of one application (its ``app.state``), made on first use."""
    throttle = getattr(state, "login_throttle", None)
    if throttle is None:
        throttle = LoginThrottle()
        state.login_throttle = throttle  # type: ignore[attr-defined]
    return throttle
