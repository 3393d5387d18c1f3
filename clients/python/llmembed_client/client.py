"""Client (a tenant's key) and AdminClient (the admin key) over the gateway's gRPC API."""

from __future__ import annotations

import os
import time
from typing import Callable, Iterable, Iterator, List, Optional, Sequence
from urllib.parse import urlparse

import grpc

from . import llmembed_pb2 as pb
from . import llmembed_pb2_grpc as rpc
from .errors import LLMEmbedError, trailers_of
from .files import import_id as file_import_id
from .files import read_rows
from .results import (HEAD_KINDS, TRAIN_MODES, Classification, CreatedTenant, Embeddings, Head, Heads, ImportResult, Job,
                      Label, TenantSummary, labels_of)
from .retry import RetryPolicy

DEFAULT_ENDPOINT = "http://127.0.0.1:5000"
DEFAULT_TIMEOUT = 30.0
KEY_PREFIX = "lle_"
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
# A tenant archive moves in 1 MiB messages (under the gateway's 4 MiB limit), with a deadline for the whole file.
ARCHIVE_CHUNK_BYTES = 1024 * 1024
ARCHIVE_TIMEOUT = 600.0
# Texts one import message carries at most: well under the gateway's receive limit (Gateway:MaxReceiveMessageBytes, 4 MiB by default).
MESSAGE_BYTES = 1024 * 1024

Progress = Callable[[int], None]


def tenant_of_key(key: str) -> Optional[str]:
    """The tenant a tenant key names (``lle_<tenant>.<secret>``), or None for any other string."""
    if not key.startswith(KEY_PREFIX):
        return None
    tenant, dot, secret = key[len(KEY_PREFIX):].rpartition(".")
    return tenant if dot and tenant and secret else None


class _Connection:
    """A channel, the bearer key, a deadline per call and the retry loop every call goes through."""

    def __init__(self, endpoint: Optional[str], key: str, timeout: float, retry: RetryPolicy,
                 sleep: Callable[[float], None]) -> None:
        endpoint = endpoint or os.environ.get("LLMEMBED_ENDPOINT") or DEFAULT_ENDPOINT
        url = urlparse(endpoint)
        if url.scheme not in ("http", "https") or not url.netloc:
            raise ValueError(f'endpoint must be an http:// or https:// URL, got "{endpoint}"')
        options = [("grpc.max_receive_message_length", MAX_MESSAGE_BYTES)]
        self.endpoint = endpoint
        self.channel = (grpc.secure_channel(url.netloc, grpc.ssl_channel_credentials(), options) if url.scheme == "https"
                        else grpc.insecure_channel(url.netloc, options))
        self.metadata = (("authorization", f"Bearer {key}"),)
        self.timeout = timeout
        self.retry = retry
        self.retries = 0
        self._sleep = sleep

    def call(self, method, request=None, *, timeout: Optional[float] = None, requests: Optional[Callable[[int], object]] = None):
        """Calls ``method`` with ``request`` (or, for a client stream, ``requests(attempt)``), retrying transient failures."""
        attempt = 1
        while True:
            try:
                payload = requests(attempt) if requests is not None else request
                return method(payload, timeout=timeout or self.timeout, metadata=self.metadata)
            except grpc.RpcError as error:
                wait = self.retry.delay(error.code(), trailers_of(error), attempt)
                if wait is None:
                    raise self.failure(error, attempt) from None
                self.retries += 1
                attempt += 1
                self._sleep(wait)

    def failure(self, error: grpc.RpcError, attempts: int) -> LLMEmbedError:
        """The client's error for a failed call, an unreachable gateway named with what to check."""
        failure = LLMEmbedError.from_rpc(error, attempts)
        if failure.code == grpc.StatusCode.UNAVAILABLE and "connect" in failure.message.lower():
            failure.message = (f"cannot reach the gateway at {self.endpoint} ({failure.message}); is the host started, "
                               "and is LLMEMBED_ENDPOINT (or endpoint=) its gRPC address?")
            failure.args = (f"{failure.code.name}: {failure.message}",)
        return failure

    def close(self) -> None:
        self.channel.close()


class _Closing:
    _connection: _Connection

    @property
    def retries(self) -> int:
        """Retries made so far by this client (attempts after a transient failure)."""
        return self._connection.retries

    def close(self) -> None:
        self._connection.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Client(_Closing):
    """One tenant's calls. ``key`` defaults to LLMEMBED_KEY; ``tenant`` to LLMEMBED_TENANT, else the tenant the key names."""

    def __init__(self, endpoint: Optional[str] = None, *, key: Optional[str] = None, tenant: Optional[str] = None,
                 timeout: float = DEFAULT_TIMEOUT, retry: RetryPolicy = RetryPolicy(),
                 sleep: Callable[[float], None] = time.sleep) -> None:
        key = key or os.environ.get("LLMEMBED_KEY")
        if not key:
            raise ValueError("no key: pass key= or set LLMEMBED_KEY")
        tenant = tenant or os.environ.get("LLMEMBED_TENANT") or tenant_of_key(key)
        if not tenant:
            raise ValueError("no tenant: pass tenant= or set LLMEMBED_TENANT (the key does not name one)")
        self.tenant = tenant
        self._connection = _Connection(endpoint, key, timeout, retry, sleep)
        channel = self._connection.channel
        self._labels = rpc.LabelsStub(channel)
        self._examples = rpc.ExamplesStub(channel)
        self._training = rpc.TrainingStub(channel)
        self._inference = rpc.InferenceStub(channel)

    # ------------------------------------------------------------------ labels

    def set_labels(self, names: Iterable[str]) -> List[Label]:
        """Declares the label set: new names are added, names not listed are retired."""
        return labels_of(self._connection.call(self._labels.SetLabels, pb.SetLabelsRequest(tenant=self.tenant, labels=list(names))))

    def add_label(self, name: str) -> List[Label]:
        return labels_of(self._connection.call(self._labels.AddLabel, pb.AddLabelRequest(tenant=self.tenant, label=name)))

    def labels(self, include_retired: bool = False) -> List[Label]:
        return labels_of(self._connection.call(
            self._labels.ListLabels, pb.ListLabelsRequest(tenant=self.tenant, include_retired=include_retired)))

    # ------------------------------------------------------------------ examples

    def import_file(self, path: str, *, split: Optional[str] = None, truncate: bool = False, resume: bool = False,
                    import_id: Optional[str] = None, batch_size: int = 256, progress: Optional[Progress] = None,
                    timeout: Optional[float] = 3600.0) -> ImportResult:
        """Streams a JSONL/CSV file of labelled rows (``batch_size`` rows, at most 1 MiB of text a message) through ImportExamples.

        ``import_id`` defaults to the CLI's (the file's hash and the split), so a stopped import resumes with
        ``resume=True`` from either tool. ``progress(rows_sent)`` is called after each message. A transient
        failure is retried as a resume, so no row is stored twice.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be positive, got {batch_size}")
        if split not in (None, "train", "test"):
            raise ValueError(f'split must be "train", "test" or None, got "{split}"')
        ident = import_id or file_import_id(path, split)

        def requests(attempt: int) -> Iterator[pb.ImportExamplesRequest]:
            first = pb.ImportExamplesRequest(tenant=self.tenant, truncate=truncate, import_id=ident, resume=resume or attempt > 1)
            message, sent, size = first, 0, 0
            for row in read_rows(path):
                if split is not None and row.split != split:
                    continue
                row_size = len(row.text.encode("utf-8")) + len(row.label.encode("utf-8"))
                if len(message.examples) and size + row_size > MESSAGE_BYTES:
                    sent += len(message.examples)
                    yield message
                    if progress:
                        progress(sent)
                    message, size = pb.ImportExamplesRequest(), 0
                message.examples.add(text=row.text, label=row.label)
                message.lines.append(row.line)
                size += row_size
                if len(message.examples) == batch_size:
                    sent += batch_size
                    yield message
                    if progress:
                        progress(sent)
                    message, size = pb.ImportExamplesRequest(), 0
            if len(message.examples) or message is first:
                sent += len(message.examples)
                yield message
                if progress:
                    progress(sent)

        response = self._connection.call(self._examples.ImportExamples, requests=requests, timeout=timeout)
        return ImportResult.of(response, ident)

    def import_status(self, import_id: str) -> int:
        """Rows of the import ``import_id`` committed so far."""
        return self._connection.call(self._examples.GetImport, pb.GetImportRequest(tenant=self.tenant, import_id=import_id)).committed_rows

    def count_examples(self) -> dict:
        response = self._connection.call(self._examples.CountExamples, pb.CountExamplesRequest(tenant=self.tenant))
        return {"total": response.total, **dict(response.per_label)}

    # ------------------------------------------------------------------ training

    def train(self, *, mode: str = "full", head: str = "logreg", force: bool = False, wait: bool = True,
              poll_interval: float = 0.5, wait_timeout: float = 1800.0) -> Job:
        """Starts a training job; with ``wait`` polls it until it succeeds or fails (LLMEmbedError on failure)."""
        if mode not in TRAIN_MODES or head not in HEAD_KINDS:
            raise ValueError(f"mode must be one of {sorted(TRAIN_MODES)} and head one of {sorted(HEAD_KINDS)}")
        started = self._connection.call(self._training.Train, pb.TrainRequest(
            tenant=self.tenant, mode=TRAIN_MODES[mode], head=HEAD_KINDS[head], force=force))
        job = self.job(started.job_id)
        deadline = time.monotonic() + wait_timeout
        while wait and not job.done:
            if time.monotonic() > deadline:
                raise TimeoutError(f"training job {job.job_id} not done after {wait_timeout} s (state {job.state})")
            time.sleep(poll_interval)
            job = self.job(started.job_id)
        if job.state in ("failed", "cancelled"):
            raise LLMEmbedError(grpc.StatusCode.ABORTED, f"training job {job.job_id} {job.state}: {job.message}")
        return job

    def job(self, job_id: str) -> Job:
        return Job.of(self._connection.call(self._training.GetJob, pb.GetJobRequest(tenant=self.tenant, job_id=job_id)))

    def cancel_job(self, job_id: str) -> Job:
        """Stops a queued or running job (it ends ``cancelled``); a finished one raises FAILED_PRECONDITION."""
        return Job.of(self._connection.call(self._training.CancelJob, pb.CancelJobRequest(tenant=self.tenant, job_id=job_id)))

    def heads(self) -> Heads:
        response = self._connection.call(self._training.ListHeads, pb.ListHeadsRequest(tenant=self.tenant))
        return Heads([Head.of(h) for h in response.heads], response.active_version)

    def promote(self, version: int) -> Head:
        return Head.of(self._connection.call(self._training.Promote, pb.PromoteRequest(tenant=self.tenant, version=version)))

    def rollback(self, version: int = 0) -> Head:
        """Makes ``version`` (0: the one active before the current one) active again."""
        return Head.of(self._connection.call(self._training.Rollback, pb.RollbackRequest(tenant=self.tenant, version=version)))

    # ------------------------------------------------------------------ inference

    def classify(self, texts: Sequence[str], *, top_k: int = 0, truncate: bool = False) -> List[Classification]:
        """Labels with probabilities (the ``top_k`` most likely; 0 = all) per text, in order."""
        response = self._connection.call(self._inference.Classify, pb.ClassifyRequest(
            tenant=self.tenant, texts=list(texts), top_k=top_k, truncate=truncate))
        return [Classification.of(r) for r in response.results]

    def embed(self, texts: Sequence[str], *, truncate: bool = False) -> Embeddings:
        """The tenant recipe's fused feature vectors, one per text."""
        return Embeddings.of(self._connection.call(self._inference.Embed, pb.EmbedRequest(
            tenant=self.tenant, texts=list(texts), truncate=truncate)))


class AdminClient(_Closing):
    """Tenant lifecycle with the admin key (``admin_key`` defaults to LLMEMBED_ADMIN_KEY)."""

    def __init__(self, endpoint: Optional[str] = None, *, admin_key: Optional[str] = None,
                 timeout: float = DEFAULT_TIMEOUT, retry: RetryPolicy = RetryPolicy(),
                 sleep: Callable[[float], None] = time.sleep) -> None:
        admin_key = admin_key or os.environ.get("LLMEMBED_ADMIN_KEY")
        if not admin_key:
            raise ValueError("no admin key: pass admin_key= or set LLMEMBED_ADMIN_KEY")
        self._connection = _Connection(endpoint, admin_key, timeout, retry, sleep)
        self._admin = rpc.AdminStub(self._connection.channel)

    def create_tenant(self, tenant: str, *, recipe: str = "", keep_texts: bool = False, requests_per_second: int = 0,
                      texts_per_call: int = 0, max_examples: int = 0, max_labels: int = 0, long_text: str = "",
                      chunk_overlap: Optional[int] = None, max_windows: Optional[int] = None) -> CreatedTenant:
        """Creates a tenant and returns its key (shown once). Zero limits mean the gateway's defaults."""
        request = pb.CreateTenantRequest(
            tenant=tenant, recipe=recipe, keep_texts=keep_texts, long_text=long_text,
            limits=pb.TenantLimits(requests_per_second=requests_per_second, texts_per_call=texts_per_call,
                                   max_examples=max_examples, max_labels=max_labels))
        if chunk_overlap is not None:
            request.chunk_overlap.value = chunk_overlap
        if max_windows is not None:
            request.max_windows.value = max_windows
        response = self._connection.call(self._admin.CreateTenant, request)
        return CreatedTenant(response.tenant, response.key)

    def delete_tenant(self, tenant: str) -> bool:
        return self._connection.call(self._admin.DeleteTenant, pb.DeleteTenantRequest(tenant=tenant)).deleted

    def tenant(self, tenant: str) -> TenantSummary:
        return TenantSummary.of(self._connection.call(self._admin.GetTenant, pb.GetTenantRequest(tenant=tenant)))

    def tenants(self) -> List[TenantSummary]:
        return [TenantSummary.of(t) for t in self._connection.call(self._admin.ListTenants, pb.ListTenantsRequest()).tenants]

    def export_tenant(self, tenant: str, path: str, *, timeout: float = ARCHIVE_TIMEOUT) -> int:
        """Writes the tenant as one archive file (a tar, as ``llmembed tenant export`` writes it) to ``path``, through
        ``path``.partial renamed once whole; returns its size in bytes."""
        partial = path + ".partial"
        written = 0
        try:
            with open(partial, "wb") as f:
                for chunk in self._admin.ExportTenant(pb.ExportTenantRequest(tenant=tenant), timeout=timeout,
                                                      metadata=self._connection.metadata):
                    f.write(chunk.data)
                    written += len(chunk.data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(partial, path)
        except grpc.RpcError as error:
            raise self._connection.failure(error, 1) from None
        finally:
            if os.path.exists(partial):
                os.remove(partial)
        return written

    def import_tenant(self, path: str, *, name: str = "", timeout: float = ARCHIVE_TIMEOUT) -> TenantSummary:
        """Restores an archive file under its own tenant name or ``name``; the tenant must not exist (ALREADY_EXISTS)."""
        def requests(attempt: int) -> Iterator[pb.ImportTenantChunk]:
            with open(path, "rb") as f:
                yield pb.ImportTenantChunk(data=f.read(ARCHIVE_CHUNK_BYTES), tenant=name)
                while data := f.read(ARCHIVE_CHUNK_BYTES):
                    yield pb.ImportTenantChunk(data=data)
        return TenantSummary.of(self._connection.call(self._admin.ImportTenant, requests=requests, timeout=timeout).tenant)
