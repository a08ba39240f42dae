"""Which categories count as theft-prone (stöldbegärlig egendom): words matched in the customer's category names.

Insurers cap what they pay for jewellery, watches, electronics, cameras, art, wine and the like. Each
customer names their categories freely, so the rule is a list of words: a category whose name contains
one of them (any case) is theft-prone. No list kept: the Swedish defaults below.
"""
from __future__ import annotations

import json

from sqlmodel import Session

from cleverstore.models import TheftProneWords
from cleverstore.models.base import utcnow
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.validation import FieldError, clean_text

DEFAULT_WORDS = ("smycke", "klock", "armbandsur", "elektronik", "kamera", "dator", "mobil", "telefon", "konst",
                 "tavl", "vin", "sprit", "jewel", "watch", "electronic", "camera", "computer", "phone", "artwork",
                 "wine", "spirits")
MAX_WORDS = 40
MAX_WORD_LENGTH = 40


def words_for(db: Session, account_id: int) -> tuple[str, ...]:
    kept = db.get(TheftProneWords, account_id)
    return DEFAULT_WORDS if kept is None else tuple(json.loads(kept.words or "[]"))


def is_theft_prone(category_name: str | None, words: tuple[str, ...]) -> bool:
    """A word of four letters or more matches anywhere in the name ("Hemelektronik", "Armbandsklockor"); a
    shorter one only at the start of one of its words ("Vin och sprit", not "Gravinredning")."""
    name = (category_name or "").lower()
    if not name:
        return False
    parts = name.replace("-", " ").replace("/", " ").split()
    return any(word in name if len(word) >= 4 else any(part.startswith(word) for part in parts)
               for word in words)


def clean_words(text: object) -> tuple[str, ...]:
    """The customer's list, one word per comma or line; empty words dropped, duplicates once."""
    try:
        raw = clean_text(text, max_length=MAX_WORDS * (MAX_WORD_LENGTH + 2), multiline=True)
    except FieldError as refused:
        raise ValidationFailed({"words": refused.key}) from None
    words: list[str] = []
    for piece in raw.replace("\n", ",").split(","):
        word = " ".join(piece.split()).lower()
        if len(word) > MAX_WORD_LENGTH:
            raise ValidationFailed({"words": "insurance.word_too_long"})
        if word and word not in words:
            words.append(word)
    if len(words) > MAX_WORDS:
        raise ValidationFailed({"words": "insurance.too_many_words"})
    return tuple(words)


def save_words(db: Session, account_id: int, text: object) -> tuple[str, ...]:
    words = clean_words(text)
    kept = db.get(TheftProneWords, account_id) or TheftProneWords(account_id=account_id)
    kept.words, kept.updated_at = json.dumps(list(words), ensure_ascii=False), utcnow()
    db.add(kept)
    return words


def reset_words(db: Session, account_id: int) -> None:
    """Back to the defaults."""
    kept = db.get(TheftProneWords, account_id)
    if kept is not None:
        db.delete(kept)
