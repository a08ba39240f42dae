"""Stripe's form encoding (`a[b][0][c]=v`) decoded into nested dicts (list indexes stay string keys)."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl

_PART = re.compile(r"\[([^\]]*)\]")


def decode(body: str) -> dict:
    result: dict = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        head = key.split("[", 1)[0]
        parts = [head] + _PART.findall(key[len(head):])
        target = result
        for part in parts[:-1]:
            target = target.setdefault(part or str(len(target)), {})
        target[parts[-1] or str(len(target))] = value
    return result
