"""Text embeddings for matching, behind one small interface (decision 0017).

The model is WordLlama's static token vectors (256 dimensions), shipped inside the `wordllama`
wheel: the weights and the tokenizer are read from the installed package, never downloaded. A
text's vector is the mean of its tokens' vectors, normalised to unit length, so that the dot
product of two vectors is their cosine similarity.

Speed matters: the whole registry (7.5 million profiles) must be embedded in minutes. The sums
are a sparse product (token counts, texts by vocabulary, times the vocabulary's vectors), twenty
times faster than gathering every token's row; words are tokenized once and kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from typing import Protocol

import numpy as np
from scipy import sparse

DIMENSIONS = 256
_WORDS_KEPT = 300_000  # distinct words whose tokens are kept (about 50 MB)


class Embedder(Protocol):
    """Turns texts into unit vectors of `dimensions` floats (a zero vector for a text with no
    words); similar meanings give vectors with a high dot product."""

    dimensions: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class WordLlamaEmbedder:
    """WordLlama "l2_supercat" token vectors, averaged per text."""

    dimensions = DIMENSIONS

    def __init__(self) -> None:
        from safetensors import safe_open
        from tokenizers import Tokenizer

        package = files("wordllama")
        with safe_open(str(package / "weights" / "l2_supercat_256.safetensors"), "np") as f:
            self.vectors = np.ascontiguousarray(f.get_tensor("embedding.weight"), np.float32)
        self.tokenizer = Tokenizer.from_file(
            str(package / "tokenizers" / "l2_supercat_tokenizer_config.json")
        )
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()

        self.words: dict[str, list[int]] = {}

    def _tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Each text's token count, and all their token ids in a row.

        The tokenizer (Llama's, without a pre-tokenizer) never merges across a space, so a text's
        tokens are its words' tokens: words are tokenized once and kept, which makes the bulk
        embedding several times faster (profiles share most of their words)."""
        split = [text.split() for text in texts]
        new = {word for words in split for word in words if word not in self.words}
        if new:
            if len(self.words) + len(new) > _WORDS_KEPT:
                self.words.clear()
            new_words = list(new)
            for word, encoding in zip(
                new_words,
                self.tokenizer.encode_batch(new_words, add_special_tokens=False),
                strict=True,
            ):
                self.words[word] = encoding.ids
        known = self.words
        lengths = np.fromiter(
            (sum(len(known[w]) for w in words) for words in split), np.int64, len(split)
        )
        ids = np.fromiter(
            (i for words in split for w in words for i in known[w]), np.int32, int(lengths.sum())
        )
        return lengths, ids

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), np.float32)
        lengths, ids = self._tokens(texts)
        rows = np.concatenate(([0], np.cumsum(lengths)))
        counts = sparse.csr_matrix(
            (np.ones(len(ids), np.float32), ids, rows),
            shape=(len(texts), self.vectors.shape[0]),
        )
        summed = np.asarray(counts @ self.vectors, dtype=np.float32)
        norms = np.linalg.norm(summed, axis=1, keepdims=True)
        # The mean's direction is the sum's: normalising the sum is enough.
        return np.divide(summed, norms, out=np.zeros_like(summed), where=norms > 0)


@cache
def embedder() -> Embedder:
    """The portal's embedder, loaded once per process (about 0.2 s, 33 MB)."""
    return WordLlamaEmbedder()
