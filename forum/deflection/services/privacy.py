"""What may be stored about a visitor: masked queries, hashed session keys, no IPs."""

import re
import unicodedata

from django.utils.crypto import salted_hmac

from forum.deflection.models.journeys import QUERY_MAX_LENGTH

EMAIL_MASK = "[email]"
NUMBER_MASK = "[number]"

_EMAIL = re.compile(r"[^\s@<>()\[\],;:\"]+@[^\s@<>()\[\],;:\"]+\.[^\s@<>()\[\],;:\"]+")
# Six or more digits, allowing single spaces, dots or dashes between them, so that
# "0412 345 678" and "4111-1111-1111-1111" are caught as well as "123456".
_DIGIT_RUN = re.compile(r"\+?\d(?:[ .\-]?\d){5,}")
_SPACE = re.compile(r"\s+")
_EDGE_PUNCTUATION = "\"'`.,;:!?(){}<>*^~-_=+|\\/"

# Crawlers, monitors and scripts: their "searches" are not support journeys. Headless
# browsers are not listed, since real assistive and test tooling uses them.
_BOT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|embedly|"
    r"preview|monitor|pingdom|uptime|curl/|wget/|python-requests|python-urllib|"
    r"httpx|aiohttp|go-http-client|java/|okhttp|libwww|scrapy|lighthouse",
    re.IGNORECASE,
)


def mask_query(text: str) -> str:
    """The query with e-mail addresses and long digit runs masked, capped in length."""
    masked = _EMAIL.sub(EMAIL_MASK, text or "")
    masked = _DIGIT_RUN.sub(NUMBER_MASK, masked)
    masked = "".join(ch for ch in masked if unicodedata.category(ch)[0] != "C")
    return _SPACE.sub(" ", masked).strip()[:QUERY_MAX_LENGTH]


def normalise_query(text: str) -> str:
    """The masked query folded for grouping: NFKC, lower case, single spaces."""
    folded = unicodedata.normalize("NFKC", mask_query(text)).casefold()
    words = [word.strip(_EDGE_PUNCTUATION) for word in _SPACE.split(folded)]
    return " ".join(word for word in words if word)[:QUERY_MAX_LENGTH]


def hash_session_key(session_key: str) -> str:
    """A keyed hash (HMAC-SHA256 with SECRET_KEY) of the session key: stable per
    visitor, useless to anyone without the key."""
    return salted_hmac(
        "forum.deflection.session", session_key, algorithm="sha256"
    ).hexdigest()


def is_bot(user_agent: str) -> bool:
    """Whether the user agent names a crawler, monitor or HTTP library."""
    return bool(user_agent) and bool(_BOT.search(user_agent))


def mask_contact_details(text: str) -> str:
    """E-mail addresses and long digit runs (phone, account, card numbers)
    masked, and nothing else changed: for text that is published rather than
    logged (a care case made a community thread)."""
    return _DIGIT_RUN.sub(NUMBER_MASK, _EMAIL.sub(EMAIL_MASK, text or ""))
