"""Signed unsubscribe tokens: a link in an e-mail works without logging in, and cannot be forged."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "clusterdesk-notify-unsubscribe"


def unsubscribe_token(user_id: int, secret_key: str) -> str:
    return URLSafeSerializer(secret_key, salt=SALT).dumps({"u": user_id})


def read_unsubscribe_token(token: str, secret_key: str) -> int | None:
    """The user id the token was made for, or None when it is damaged or signed with another key."""
    if not token or len(token) > 500:
        return None
    try:
        data = URLSafeSerializer(secret_key, salt=SALT).loads(token)
    except BadSignature:
        return None
    user_id = data.get("u") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None
