"""The request id: the client's ``X-Request-ID`` when it is a plain token, else a new one; stored with every
audit record the request writes and sent back in the response's ``X-Request-ID``.

A plain ASGI middleware (not Starlette's ``BaseHTTPMiddleware``, which runs every request in a task of its
own and costs a share of each request's CPU); a client's id longer than the audit column (64) or holding
anything but letters, digits and ``._:-`` is replaced, never stored cut or refused.
"""

from __future__ import annotations

import re
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clusterdesk.audit.service import request_id_var

HEADER = "X-Request-ID"
PLAIN_ID = re.compile(r"[A-Za-z0-9._:\-]{1,64}")


def request_id_of(given: str | None) -> str:
    """The client's id when it is a plain token of at most 64 characters, else a new random one."""
    if given is not None and PLAIN_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id_of(Headers(scope=scope).get(HEADER))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[HEADER] = rid
            await send(message)

        token = request_id_var.set(rid)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)
