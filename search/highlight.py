"""Matches wrapped in <mark>, everything else HTML-escaped; a snippet cut around the first match."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

SNIPPET_LENGTH = 90  # characters of body text around the first match (about two lines on a kiosk)


def word_pattern(words):
    """One regex for all words, longest first so 最低生活保障 wins over 最低."""
    words = [word for word in words if word]
    if not words:
        return None
    return re.compile("|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True)), re.IGNORECASE)


def mark(text, pattern):
    if pattern is None:
        return escape(text)
    pieces = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


def snippet(text, pattern, length=SNIPPET_LENGTH):
    """About `length` characters of `text` starting a little before the first match, highlighted."""
    text = " ".join(text.split())
    match = pattern.search(text) if pattern is not None else None
    start = max(0, match.start() - length // 4) if match else 0
    end = min(len(text), start + length)
    excerpt = text[start:end]
    html = mark(excerpt, pattern)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(f"{prefix}{html}{suffix}")
