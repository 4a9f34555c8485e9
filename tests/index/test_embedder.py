"""The offline MiniLM embedder: vector shape and geometry, padding independence, and the pinned files."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import chromadb.utils.embedding_functions as chroma_functions
import numpy as np
import onnxruntime as ort
import pytest

from bot.errors import EmbedderError
from bot.index.embedder import (
    DIMENSION,
    MODEL_SHA256,
    TOKENIZER_SHA256,
    MiniLMEmbedder,
    MiniLMEmbeddingFunction,
)

FISH = "Grilled sea bream with charred lemon and fennel."
FISH_TOO = "Roast sea bass with lemon butter and herbs."
CAKE = "Warm chocolate fondant with vanilla ice cream."


def test_embed_shape_dtype_and_unit_norm(embedder: MiniLMEmbedder) -> None:
    """Each text becomes one float32 row of 384 with length 1."""
    vectors = embedder.embed([FISH, FISH_TOO, CAKE])
    assert vectors.shape == (3, DIMENSION)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_embed_empty_list_gives_no_rows(embedder: MiniLMEmbedder) -> None:
    """No texts: shape (0, 384), and no error."""
    assert embedder.embed([]).shape == (0, DIMENSION)


def test_embed_rejects_a_bare_string(embedder: MiniLMEmbedder) -> None:
    """A str is a Sequence of characters; embedding it letter by letter is never what was meant."""
    with pytest.raises(TypeError):
        embedder.embed(FISH)


def test_embed_is_deterministic(embedder: MiniLMEmbedder) -> None:
    """The same text gives the same vector, call after call."""
    first = embedder.embed([FISH, CAKE])
    second = embedder.embed([FISH, CAKE])
    np.testing.assert_array_equal(first, second)


def test_embed_similar_texts_are_closer_than_unrelated(embedder: MiniLMEmbedder) -> None:
    """Two fish dishes are nearer each other than either is to a chocolate dessert."""
    fish, fish_too, cake = embedder.embed([FISH, FISH_TOO, CAKE])
    assert float(fish @ fish_too) > float(fish @ cake) + 0.1
    assert float(fish @ fish_too) > float(fish_too @ cake) + 0.1


def test_embed_in_padded_batch_equals_embed_alone(embedder: MiniLMEmbedder) -> None:
    """Padding a short text to the longest in its batch does not change its vector."""
    texts = ["Soup.", FISH, " ".join([CAKE] * 12), "Lamb"]
    together = embedder.embed(texts)
    for text, row in zip(texts, together, strict=True):
        np.testing.assert_allclose(embedder.embed([text])[0], row, atol=1e-5)


def test_embed_across_several_batches_keeps_input_order(embedder: MiniLMEmbedder) -> None:
    """Texts sorted into batches by length come back in the order they were given."""
    small = MiniLMEmbedder(batch_size=2)
    texts = [" ".join([FISH] * n) for n in (5, 1, 3, 2, 4)]
    np.testing.assert_allclose(small.embed(texts), embedder.embed(texts), atol=1e-5)


def test_embed_truncates_long_texts_at_256_tokens(embedder: MiniLMEmbedder) -> None:
    """Words past the 256th token do not change the vector (and a long text does not crash the model)."""
    long_text = " ".join(["lemon"] * 400)
    longer, long_ = embedder.embed([long_text + " chocolate cake with cream", long_text])
    np.testing.assert_allclose(longer, long_, atol=1e-6)


def test_load_builds_one_session_for_concurrent_first_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Threads racing to the first embed share one session, and all get the same vector."""
    built: list[object] = []
    real_session = ort.InferenceSession

    def counting_session(*args: object, **kwargs: object) -> object:
        built.append(args)
        return real_session(*args, **kwargs)

    monkeypatch.setattr(ort, "InferenceSession", counting_session)
    fresh = MiniLMEmbedder()
    results: list[np.ndarray] = []
    threads = [threading.Thread(target=lambda: results.append(fresh.embed([FISH])[0])) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1
    assert len(results) == 4
    for row in results[1:]:
        np.testing.assert_array_equal(row, results[0])


def test_embed_pads_each_batch_to_its_own_longest_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches are padded to their longest text, not to 256: short texts never pay for long ones."""
    shapes: list[tuple[int, ...]] = []
    real_session = ort.InferenceSession

    class RecordingSession:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self._inner = real_session(*args, **kwargs)

        def __getattr__(self, name: str) -> Any:
            return getattr(self._inner, name)

        def run(self, names: Any, feeds: dict[str, np.ndarray]) -> Any:
            shapes.append(feeds["input_ids"].shape)
            assert feeds["input_ids"].dtype == np.int64
            assert feeds["attention_mask"].shape == feeds["input_ids"].shape
            return self._inner.run(names, feeds)

    monkeypatch.setattr(ort, "InferenceSession", RecordingSession)
    long_text = " ".join([FISH] * 6)
    MiniLMEmbedder(batch_size=2).embed([long_text, "Soup.", "Lamb"])
    assert len(shapes) == 2
    (short_rows, short_width), (long_rows, long_width) = shapes
    assert (short_rows, long_rows) == (2, 1)
    assert short_width <= 5
    assert 40 < long_width < 256


def test_model_with_wrong_sha_raises_naming_the_file(tmp_path: Path) -> None:
    """A model file that is not the pinned one is refused, with its path, both hashes and the fix."""
    fake = tmp_path / "model.onnx"
    fake.write_bytes(b"not a model")
    with pytest.raises(EmbedderError) as caught:
        MiniLMEmbedder(model_path=fake).embed([FISH])
    message = str(caught.value)
    assert str(fake) in message
    assert MODEL_SHA256 in message
    assert "reinstall" in message.lower()


def test_missing_model_raises_naming_the_file(tmp_path: Path) -> None:
    """A model path with no file behind it is refused with the path and the fix."""
    missing = tmp_path / "nowhere" / "model.onnx"
    with pytest.raises(EmbedderError, match="missing") as caught:
        MiniLMEmbedder(model_path=missing).load()
    assert str(missing) in str(caught.value)


def test_tokenizer_with_wrong_sha_raises_naming_the_file(tmp_path: Path) -> None:
    """The tokenizer is pinned too: a different tokenizer.json is refused."""
    fake = tmp_path / "tokenizer.json"
    fake.write_text("{}")
    with pytest.raises(EmbedderError) as caught:
        MiniLMEmbedder(tokenizer_path=fake).load()
    assert str(fake) in str(caught.value)
    assert TOKENIZER_SHA256 in str(caught.value)


def test_embedding_function_is_registered_and_rebuilds_from_its_config(embedder: MiniLMEmbedder) -> None:
    """chroma finds the function by name and rebuilds it from the stored config, with no download."""
    function = MiniLMEmbeddingFunction(embedder)
    config = {"name": MiniLMEmbeddingFunction.name(), "config": function.get_config()}
    rebuilt = chroma_functions.config_to_embedding_function(config)
    assert isinstance(rebuilt, MiniLMEmbeddingFunction)
    vectors = function([FISH])
    assert len(vectors) == 1
    np.testing.assert_allclose(np.asarray(vectors[0]), embedder.embed([FISH])[0], atol=1e-6)
    assert function.default_space() == "cosine"


def test_embedding_function_refuses_a_config_of_another_model() -> None:
    """A collection stored by another model version does not silently reopen with this one."""
    with pytest.raises(ValueError, match="rebuild the index"):
        MiniLMEmbeddingFunction.build_from_config({"model_sha256": "0" * 64, "tokenizer_sha256": TOKENIZER_SHA256})
