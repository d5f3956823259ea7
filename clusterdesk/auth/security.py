"""Password hashing (argon2) and signed access tokens."""

from __future__ import annotations

from datetime import timedelta

import jwt
from pwdlib import PasswordHash

from clusterdesk.db import utcnow
from clusterdesk.errors import AuthenticationError

_hasher = PasswordHash.recommended()
ALGORITHM = "HS256"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    return _hasher.verify(password, password_hash)


def issue_token(*, user_id: int, secret_key: str, ttl_minutes: int) -> str:
    now = utcnow()
    payload = {"sub": str(user_id), "iat": now, "exp": now + timedelta(minutes=ttl_minutes)}
    return jwt.encode(payload, secret_key, algorithm=ALGORITHM)


def read_token(token: str, *, secret_key: str) -> int:
    """The user id a token was issued to; AuthenticationError if it is forged or expired."""
    try:
        payload = jwt.decode(token, secret_key, algorithms=[ALGORITHM])
        return int(payload["sub"])
    except (jwt.PyJWTError, KeyError, ValueError) as exc:
        raise AuthenticationError("Сеанс недействителен или истёк: войдите снова") from exc
