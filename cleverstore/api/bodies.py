"""Reading a request body with a hard size limit, counted while it arrives."""
from __future__ import annotations

from starlette.requests import Request


class TooLarge(Exception):
    pass


async def read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge()
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


def with_body_limit(request: Request, limit: int) -> Request:
    """The same request, whose body stops being read past `limit` bytes (TooLarge): for a form parser
    that would otherwise spool any size to disk before it looks at the parts."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge()
    received = 0

    async def receive():
        nonlocal received
        message = await request.receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise TooLarge()
        return message

    return Request(request.scope, receive)
