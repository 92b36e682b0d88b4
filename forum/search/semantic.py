"""Meaning as well as words: a small static embedding model.

The model is WordLlama's 256-dimension English model, whose weights (16 MB) and
tokenizer ship inside the ``wordllama`` package. Its own loader looks for the
tokenizer in the wrong folder and then tries a download, so the two files are read
here directly; nothing is ever fetched at run time. The package's Python code is
never imported (it configures the root logger on import).

A text's embedding is the average of its tokens' vectors, as a unit vector. Two
scores come from it:

- ``cosine``: the query's embedding against the thread's (title and question);
- ``token_match``: each query token's best match among the thread's tokens
  (content words, lower case), averaged: late interaction, as ColBERT does with
  contextual vectors, which recognises "treacle" in a thread about "slow" where
  the averages blur it.

Switched off (``SEARCH_SEMANTIC_ENABLED=false``) or failing to load, ``get_model``
returns None and search ranks by words alone; ``model_status`` says why.
"""

from __future__ import annotations

import importlib.util
import logging
import re
import threading
from pathlib import Path

import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _

from forum.search.analysis import STOP_WORDS

logger = logging.getLogger(__name__)

WEIGHTS_FILE = "weights/l2_supercat_256.safetensors"
TOKENIZER_FILE = "tokenizers/l2_supercat_tokenizer_config.json"
DIMENSIONS = 256
# Enough of a question to know what it is about; the rest rarely changes its mean.
DOCUMENT_MAX_CHARS = 4000
DOCUMENT_MAX_TOKENS = 192
QUERY_MAX_TOKENS = 48


_CONTENT_WORD = re.compile(r"[\w'’$-]+")


def content_words(text: str) -> str:
    """The text without stop words and punctuation, in lower case: what the token
    comparison reads (stop words match everything and would drown the signal, and
    the model's tokens are case-sensitive: "Router" and "router" share none)."""
    words = _CONTENT_WORD.findall(text)
    text = " ".join(word for word in words if word.lower() not in STOP_WORDS)
    return text.lower()


class EmbeddingModel:
    """Token vectors and a tokenizer: embeds texts and compares them."""

    def __init__(self, matrix: np.ndarray, tokenizer) -> None:
        self.matrix = np.ascontiguousarray(matrix[:, :DIMENSIONS], dtype=np.float32)
        norms = np.linalg.norm(self.matrix, axis=1)
        self.inverse_norms = np.where(norms > 0, 1.0 / np.maximum(norms, 1e-12), 0.0)
        self.tokenizer = tokenizer

    def token_ids(self, text: str, *, limit: int) -> np.ndarray:
        """The text's model tokens (at most ``limit``), as uint16."""
        encoding = self.tokenizer.encode(text or "", add_special_tokens=False)
        ids = np.asarray(encoding.ids[:limit], dtype=np.int64)
        np.clip(ids, 0, self.matrix.shape[0] - 1, out=ids)
        return ids.astype(np.uint16)

    def knows_word(self, word: str) -> bool:
        """Whether the word is one whole token of the model's vocabulary (a word
        common enough in the text the model learned from to be spelt right)."""
        return self.tokenizer.token_to_id("▁" + word.lower()) is not None

    def embed(self, text: str) -> np.ndarray:
        """The text's embedding: its tokens' mean, as a unit vector (zeros for a
        text without tokens)."""
        ids = self.token_ids((text or "")[:DOCUMENT_MAX_CHARS], limit=4096)
        if not len(ids):
            return np.zeros(DIMENSIONS, dtype=np.float32)
        mean = self.matrix[ids.astype(np.int64)].mean(axis=0)
        norm = float(np.linalg.norm(mean))
        return (mean / norm).astype(np.float32) if norm else mean

    def unit_token_vectors(self, ids: np.ndarray) -> np.ndarray:
        rows = ids.astype(np.int64)
        return self.matrix[rows] * self.inverse_norms[rows, None].astype(np.float32)

    def token_similarities(
        self, query_ids: np.ndarray, vocabulary: np.ndarray
    ) -> np.ndarray:
        """Each query token's cosine with each token of ``vocabulary`` (sorted,
        unique: the tokens of the threads being ranked), in one matrix product, so
        that matching a thread is a lookup."""
        if not len(query_ids) or not len(vocabulary):
            return np.zeros((len(query_ids), len(vocabulary)), dtype=np.float32)
        return (
            self.unit_token_vectors(query_ids) @ self.unit_token_vectors(vocabulary).T
        )

    @staticmethod
    def token_match(
        similarities: np.ndarray, vocabulary: np.ndarray, document_ids: np.ndarray
    ) -> float:
        """Mean over the query's tokens of the best cosine with any document token
        (``similarities`` over ``vocabulary`` from ``token_similarities``)."""
        if not similarities.size or not len(document_ids):
            return 0.0
        columns = np.searchsorted(vocabulary, document_ids)
        return float(similarities[:, columns].max(axis=1).mean())


def document_vector(model: EmbeddingModel, *, title: str, question: str) -> bytes:
    """The stored embedding of a thread (float16 bytes)."""
    text = f"{title}. {question[:DOCUMENT_MAX_CHARS]}"
    return model.embed(text).astype(np.float16).tobytes()


def document_tokens(model: EmbeddingModel, *, title: str, question: str) -> bytes:
    """The stored tokens of a thread's content words (uint16 bytes)."""
    text = content_words(f"{title}. {question[:DOCUMENT_MAX_CHARS]}")
    return model.token_ids(text, limit=DOCUMENT_MAX_TOKENS).tobytes()


def vector_from_bytes(data: bytes | memoryview | None) -> np.ndarray | None:
    if not data or len(data) != DIMENSIONS * 2:
        return None
    return np.frombuffer(bytes(data), dtype=np.float16).astype(np.float32)


def tokens_from_bytes(data: bytes | memoryview | None) -> np.ndarray:
    if not data:
        return np.zeros(0, dtype=np.uint16)
    return np.frombuffer(bytes(data), dtype=np.uint16)


_lock = threading.Lock()
_loaded: dict[str, object] = {}


def get_model() -> EmbeddingModel | None:
    """The embedding model, loaded once per process; None when switched off or
    when it cannot be loaded (the reason is logged once and kept for
    ``model_status``)."""
    if not getattr(settings, "SEARCH_SEMANTIC_ENABLED", True):
        return None
    if "model" in _loaded:
        return _loaded["model"]  # type: ignore[return-value]
    with _lock:
        if "model" not in _loaded:
            _loaded["model"] = _load()
    return _loaded["model"]  # type: ignore[return-value]


def model_status(*, query_read: bool = True) -> str:
    """Why meaning is or is not part of the ranking, in a sentence for staff;
    ``query_read`` False for a query the model cannot read (not mostly in the
    Latin script: forum.search.planning)."""
    if not getattr(settings, "SEARCH_SEMANTIC_ENABLED", True):
        return _("Meaning is switched off (%(setting)s); words alone rank.") % {
            "setting": "SEARCH_SEMANTIC_ENABLED"
        }
    if get_model() is None:
        reason = _loaded.get("error", "unknown")
        return _(
            "The embedding model failed to load (%(reason)s); words alone rank."
        ) % {"reason": reason}
    if not query_read:
        return _(
            "The embedding model reads English only; this query's words alone rank."
        )
    return _(
        "Words and meaning rank together (%(model)s, %(dimensions)d dimensions)."
    ) % {
        "model": "WordLlama",
        "dimensions": DIMENSIONS,
    }


def _package_folder() -> Path:
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the wordllama package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _load() -> EmbeddingModel | None:
    try:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = _package_folder()
        weights = load_file(str(folder / WEIGHTS_FILE))
        tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        tokenizer.no_padding()
        tokenizer.no_truncation()
        return EmbeddingModel(weights["embedding.weight"], tokenizer)
    except Exception as error:  # noqa: BLE001 - any failure means "words alone"
        _loaded["error"] = f"{type(error).__name__}: {error}"
        logger.warning("Search embedding model not loaded: %s", _loaded["error"])
        return None


def reset_model() -> None:
    """Forget the loaded model (tests switch it off and on)."""
    with _lock:
        _loaded.clear()
