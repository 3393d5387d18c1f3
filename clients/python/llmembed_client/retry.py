"""Which failures are retried, and how long to wait before the next attempt."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable, Mapping, Optional

import grpc

# ResourceExhausted also answers fixed limits (texts per call, max examples, message size); only
# these two pass with time, so only these are retried. The gateway names the limit in this trailer.
LIMIT_TRAILER = "llmembed-limit"
TRANSIENT_LIMITS = frozenset({"requests_per_second", "backbone_queue"})
RETRY_AFTER = "retry-after"


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded retries with full-jitter exponential back-off.

    The n-th retry waits a random time in [backoff/2, backoff] with backoff = initial * multiplier**(n-1),
    capped at ``max_backoff``; a ``retry-after`` trailer (seconds) from the server is the least wait.
    """

    max_attempts: int = 5
    initial_backoff: float = 0.1
    max_backoff: float = 5.0
    multiplier: float = 2.0
    random: Callable[[], float] = field(default=random.random, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, got {self.max_attempts}")
        if self.initial_backoff < 0 or self.max_backoff < self.initial_backoff or self.multiplier < 1:
            raise ValueError("need 0 <= initial_backoff <= max_backoff and multiplier >= 1")

    def delay(self, code: grpc.StatusCode, trailers: Mapping[str, str], attempt: int) -> Optional[float]:
        """Seconds to wait before attempt ``attempt + 1``, or None when the failure is not retried."""
        if attempt >= self.max_attempts or not is_transient(code, trailers):
            return None
        backoff = min(self.max_backoff, self.initial_backoff * self.multiplier ** (attempt - 1))
        jittered = backoff * (0.5 + 0.5 * self.random())
        return max(jittered, retry_after(trailers) or 0.0)


def is_transient(code: grpc.StatusCode, trailers: Mapping[str, str]) -> bool:
    if code == grpc.StatusCode.UNAVAILABLE:
        return True
    if code != grpc.StatusCode.RESOURCE_EXHAUSTED:
        return False
    return trailers.get(LIMIT_TRAILER) in TRANSIENT_LIMITS or retry_after(trailers) is not None


def retry_after(trailers: Mapping[str, str]) -> Optional[float]:
    """The server's ``retry-after`` in seconds (a number; HTTP dates are not sent over gRPC)."""
    value = trailers.get(RETRY_AFTER)
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
