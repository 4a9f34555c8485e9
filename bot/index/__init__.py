"""The search index: docs to embed, the offline embedder, the persistent store and the hybrid retriever."""

from bot.index.document import DOC_KINDS, DocKind, IndexDoc
from bot.index.embedder import (
    DIMENSION,
    MODEL_ID,
    MODEL_SHA256,
    TOKENIZER_SHA256,
    Embedder,
    MiniLMEmbedder,
    MiniLMEmbeddingFunction,
)
from bot.index.retriever import RRF_K, Hit, HybridRetriever, fuse
from bot.index.store import IndexStore, Manifest, SyncReport, VenueIndex

__all__ = [
    "DIMENSION",
    "DOC_KINDS",
    "MODEL_ID",
    "MODEL_SHA256",
    "RRF_K",
    "TOKENIZER_SHA256",
    "DocKind",
    "Embedder",
    "Hit",
    "HybridRetriever",
    "IndexDoc",
    "IndexStore",
    "Manifest",
    "MiniLMEmbedder",
    "MiniLMEmbeddingFunction",
    "SyncReport",
    "VenueIndex",
    "fuse",
]
