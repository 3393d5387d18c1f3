"""The one exception the client raises for a failed call."""

from __future__ import annotations

from typing import Mapping, Optional

import grpc


class LLMEmbedError(Exception):
    """A call the gateway (or the channel) refused: the gRPC status, its message and trailers.

    ``trailers`` carries what the gateway adds, e.g. ``llmembed-limit`` (which limit was hit) or
    ``llmembed-import-row`` / ``llmembed-import-committed`` / ``llmembed-import-resume-line`` for a
    failed import.
    """

    def __init__(self, code: grpc.StatusCode, message: str, trailers: Optional[Mapping[str, str]] = None,
                 attempts: int = 1) -> None:
        super().__init__(f"{code.name}: {message}")
        self.code = code
        self.message = message
        self.trailers: Mapping[str, str] = dict(trailers or {})
        self.attempts = attempts

    @classmethod
    def from_rpc(cls, error: grpc.RpcError, attempts: int = 1) -> "LLMEmbedError":
        return cls(error.code(), error.details() or "", trailers_of(error), attempts)


def trailers_of(error: grpc.RpcError) -> dict:
    """The text trailers of a failed call (binary ``-bin`` ones are left out)."""
    metadata = error.trailing_metadata() if hasattr(error, "trailing_metadata") else None
    return {k: v for k, v in (metadata or ()) if isinstance(v, str)}
