"""Typed results: plain dataclasses made from the gateway's protobuf messages."""

from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from . import llmembed_pb2 as pb

_JOB_STATES = {pb.JOB_STATE_UNSPECIFIED: "unspecified", pb.JOB_STATE_QUEUED: "queued", pb.JOB_STATE_RUNNING: "running",
               pb.JOB_STATE_SUCCEEDED: "succeeded", pb.JOB_STATE_FAILED: "failed", pb.JOB_STATE_CANCELLED: "cancelled"}
_MODES = {pb.TRAIN_MODE_FULL: "full", pb.TRAIN_MODE_INCREMENTAL: "incremental"}
_KINDS = {pb.HEAD_KIND_LOGREG: "logreg", pb.HEAD_KIND_MLP: "mlp"}
TRAIN_MODES = {name: value for value, name in _MODES.items()}
HEAD_KINDS = {name: value for value, name in _KINDS.items()}


@dataclass(frozen=True)
class CreatedTenant:
    tenant: str
    key: str


@dataclass(frozen=True)
class TenantSummary:
    tenant: str
    recipe: str
    labels: int
    examples: int
    active_head_version: int
    long_text: str
    chunk_overlap: int
    max_windows: int
    texts_per_call: int

    @classmethod
    def of(cls, m: pb.TenantSummary) -> "TenantSummary":
        return cls(m.tenant, m.recipe, m.labels, m.examples, m.active_head_version, m.long_text, m.chunk_overlap,
                   m.max_windows, m.texts_per_call)


@dataclass(frozen=True)
class Label:
    name: str
    retired: bool
    examples: int


def labels_of(m: pb.LabelsResponse) -> List[Label]:
    return [Label(x.name, x.retired, x.examples) for x in m.labels]


@dataclass(frozen=True)
class ImportResult:
    accepted: int
    total_examples: int
    truncated: int
    skipped: int
    windows: int
    import_id: str

    @classmethod
    def of(cls, m: pb.AddExamplesResponse, import_id: str) -> "ImportResult":
        return cls(m.accepted, m.total_examples, m.truncated, m.skipped, m.windows, import_id)


@dataclass(frozen=True)
class Metrics:
    accuracy: float
    macro_f1: float
    holdout_size: int
    labels: Tuple[str, ...]
    confusion: Tuple[int, ...]

    @classmethod
    def of(cls, m: pb.Metrics) -> "Metrics":
        return cls(m.accuracy, m.macro_f1, m.holdout_size, tuple(m.labels), tuple(m.confusion))


@dataclass(frozen=True)
class Job:
    job_id: str
    state: str
    progress: float
    message: str
    mode: str
    head_version: int
    promoted: bool
    metrics: Optional[Metrics]

    @property
    def done(self) -> bool:
        return self.state in ("succeeded", "failed", "cancelled")

    @classmethod
    def of(cls, m: pb.Job) -> "Job":
        return cls(m.job_id, _JOB_STATES.get(m.state, str(m.state)), m.progress, m.message, _MODES.get(m.mode, str(m.mode)),
                   m.head_version, m.promoted, Metrics.of(m.metrics) if m.HasField("metrics") else None)


@dataclass(frozen=True)
class Head:
    version: int
    kind: str
    active: bool
    examples: int
    mode: str
    metrics: Optional[Metrics]

    @classmethod
    def of(cls, m: pb.HeadVersion) -> "Head":
        return cls(m.version, _KINDS.get(m.kind, str(m.kind)), m.active, m.examples, _MODES.get(m.mode, str(m.mode)),
                   Metrics.of(m.metrics) if m.HasField("metrics") else None)


@dataclass(frozen=True)
class Heads:
    heads: List[Head]
    active_version: int


@dataclass(frozen=True)
class Classification:
    label: str
    probabilities: Dict[str, float]
    head_version: int
    truncated: bool
    windows: int

    @classmethod
    def of(cls, m: pb.Classification) -> "Classification":
        return cls(m.label, {p.label: p.probability for p in m.probabilities}, m.head_version, m.truncated, m.windows)


@dataclass(frozen=True)
class Embeddings:
    dimension: int
    recipe: str
    vectors: List[List[float]]

    @classmethod
    def of(cls, m: pb.EmbedResponse) -> "Embeddings":
        return cls(m.dimension, m.recipe, [_floats(v) for v in m.vectors])


def _floats(blob: bytes) -> List[float]:
    """One float32 little-endian vector."""
    values = array("f")
    values.frombytes(blob)
    if sys.byteorder != "little":
        values.byteswap()
    return values.tolist()
