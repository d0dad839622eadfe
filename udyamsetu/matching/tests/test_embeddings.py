"""Embeddings: the model shipped in its package, loaded without the network, vectors that put
similar meanings together, and the word cache giving exactly the tokenizer's tokens."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from udyamsetu.matching import embeddings
from udyamsetu.matching.embeddings import DIMENSIONS, WordLlamaEmbedder, embedder


def test_the_model_loads_from_the_installed_package_without_the_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the embedder tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    vectors = WordLlamaEmbedder().embed(["precision forging"])
    assert vectors.shape == (1, DIMENSIONS)


def test_similar_meanings_score_higher_than_unrelated_ones():
    query, near, far = embedder().embed(
        ["unmanned aerial vehicle composite airframe", "UAV composites", "handloom sarees"]
    )
    assert query @ near > 0.4 > query @ far


def test_vectors_are_unit_length_and_a_text_without_words_gives_zeros():
    vectors = embedder().embed(["CNC machining, AS9100D", "", "   "])
    assert np.linalg.norm(vectors[0]) == pytest.approx(1.0, abs=1e-5)
    assert not vectors[1].any() and not vectors[2].any()
    assert embedder().embed([]).shape == (0, DIMENSIONS)


def test_a_text_gets_the_same_vector_alone_or_in_a_batch():
    texts = ["vacuum heat treatment", "शर्मा इंजीनियरिंग वर्क्स", "e-waste recycling (Taiwan)"]
    batch = embedder().embed(texts)
    for text, vector in zip(texts, batch, strict=True):
        np.testing.assert_allclose(embedder().embed([text])[0], vector, atol=1e-6)


def test_words_tokenized_one_by_one_give_the_tokenizers_own_tokens():
    model = WordLlamaEmbedder()
    text = "Kalinga Forge Pvt. Ltd.: closed-die forgings, 5-axis CNC; ISO 9001:2015 — शर्मा"
    lengths, ids = model._tokens([text])
    whole = model.tokenizer.encode(text, add_special_tokens=False).ids
    assert list(ids) == whole and list(lengths) == [len(whole)]


def test_the_word_cache_is_emptied_when_full_and_vectors_do_not_change(monkeypatch):
    texts = ["gear hobbing", "tractor parts works"]
    unlimited = WordLlamaEmbedder().embed(texts)
    monkeypatch.setattr(embeddings, "_WORDS_KEPT", 3)
    model = WordLlamaEmbedder()
    first = model.embed(texts[:1])
    second = model.embed(texts[1:])
    assert set(model.words) == {"tractor", "parts", "works"}  # "gear hobbing" was let go
    np.testing.assert_allclose(np.vstack([first, second]), unlimited, atol=1e-6)
