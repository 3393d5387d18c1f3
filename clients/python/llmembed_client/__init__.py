"""Python client for the LLMEmbed gateway (gRPC): ``Client`` for a tenant's calls, ``AdminClient`` for tenants."""

from .client import DEFAULT_ENDPOINT, DEFAULT_TIMEOUT, AdminClient, Client, tenant_of_key
from .errors import LLMEmbedError
from .files import FileFormatError
from .results import (Classification, CreatedTenant, Embeddings, Head, Heads, ImportResult, Job, Label, Metrics,
                      TenantSummary)
from .retry import RetryPolicy

__all__ = [
    "AdminClient", "Client", "LLMEmbedError", "FileFormatError", "RetryPolicy", "tenant_of_key",
    "DEFAULT_ENDPOINT", "DEFAULT_TIMEOUT",
    "Classification", "CreatedTenant", "Embeddings", "Head", "Heads", "ImportResult", "Job", "Label", "Metrics", "TenantSummary",
]
