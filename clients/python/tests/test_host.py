"""Against a real host: LLMEMBED_ENDPOINT (its gRPC address) and LLMEMBED_ADMIN_KEY name it.

tests/LLMEmbed.Gateway.Tests/HostProcess/PythonClientTests.cs starts a host and runs these (test.sh runs that).
"""

import json
import os
import tempfile
import unittest
import uuid
from collections import defaultdict

import grpc

from llmembed_client import AdminClient, Client, LLMEmbedError, RetryPolicy

ENDPOINT = os.environ.get("LLMEMBED_ENDPOINT")
ADMIN_KEY = os.environ.get("LLMEMBED_ADMIN_KEY")
FIXTURE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tests", "LLMEmbed.Core.Tests", "Fixtures", "reuters-mini.jsonl")
IMPORT_ROWS = 200


def reuters_rows():
    """200 labelled rows from the 120 real training stories of the fixture (180 stories in all): each story
    gives two rows, its first and its second half, taken label by label in turn so all three labels are there.
    The 60 test stories stay out, for classify."""
    with open(FIXTURE, encoding="utf-8") as f:
        stories = [json.loads(line) for line in f if line.strip()]
    halves = defaultdict(list)
    for story in (s for s in stories if s["split"] == "train"):
        words = story["text"].split()
        middle = len(words) // 2
        halves[story["label"]] += [" ".join(words[:middle]), " ".join(words[middle:])]
    rows = []
    for i in range(max(len(v) for v in halves.values())):
        rows += [{"text": halves[label][i], "label": label} for label in sorted(halves) if i < len(halves[label])]
    return rows[:IMPORT_ROWS], [s for s in stories if s["split"] == "test"]


@unittest.skipUnless(ENDPOINT and ADMIN_KEY, "set LLMEMBED_ENDPOINT and LLMEMBED_ADMIN_KEY to a running host")
class HostTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.admin = AdminClient(ENDPOINT, admin_key=ADMIN_KEY)
        cls.tenants = []

    @classmethod
    def tearDownClass(cls):
        for tenant in cls.tenants:
            cls.admin.delete_tenant(tenant)
        cls.admin.close()

    def create(self, **settings):
        tenant = "py-" + uuid.uuid4().hex[:8]
        created = self.admin.create_tenant(tenant, recipe="last", **settings)
        self.tenants.append(tenant)
        return created

    def test_import_train_classify_embed_and_heads(self):
        created = self.create()
        rows, test_stories = reuters_rows()
        self.assertEqual({"crude", "earn", "money-fx"}, {r["label"] for r in rows})
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        path = os.path.join(folder.name, "reuters-200.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r) + "\n" for r in rows)

        with Client(ENDPOINT, key=created.key) as client:  # the tenant comes from the key
            self.assertEqual(created.tenant, client.tenant)
            self.assertEqual(["crude", "earn", "money-fx"], [l.name for l in client.set_labels(["crude", "earn", "money-fx"])])

            sent = []
            imported = client.import_file(path, progress=sent.append)
            self.assertEqual((IMPORT_ROWS, IMPORT_ROWS, 0), (imported.accepted, imported.total_examples, imported.skipped))
            self.assertEqual(IMPORT_ROWS, sent[-1])
            self.assertEqual(IMPORT_ROWS, client.import_status(imported.import_id))

            again = client.import_file(path, resume=True)
            self.assertEqual((0, IMPORT_ROWS, IMPORT_ROWS), (again.accepted, again.total_examples, again.skipped))
            with self.assertRaises(LLMEmbedError) as refused:
                client.import_file(path)  # the same import without resume would store every row twice
            self.assertEqual(grpc.StatusCode.FAILED_PRECONDITION, refused.exception.code)

            job = client.train(wait=True, poll_interval=0.2)
            self.assertEqual(("succeeded", 1), (job.state, job.head_version))

            results = client.classify([s["text"] for s in test_stories], top_k=2)
            self.assertEqual(len(test_stories), len(results))
            self.assertTrue(all(len(r.probabilities) == 2 and r.head_version == 1 for r in results))
            accuracy = sum(r.label == s["label"] for r, s in zip(results, test_stories)) / len(test_stories)
            self.assertGreater(accuracy, 0.7, f"accuracy {accuracy:.2f} on the 60 held-out stories")

            embedded = client.embed(["oil prices fell", "the dollar rose"])
            self.assertEqual(2, len(embedded.vectors))
            self.assertTrue(embedded.dimension > 0 and all(len(v) == embedded.dimension for v in embedded.vectors))
            self.assertNotEqual(embedded.vectors[0], embedded.vectors[1])

            heads = client.heads()
            self.assertEqual((1, [1]), (heads.active_version, [h.version for h in heads.heads if h.active]))
        self.assertEqual(IMPORT_ROWS, self.admin.tenant(created.tenant).examples)

    def test_an_exported_tenant_imports_under_another_name_and_not_over_itself(self):
        created = self.create(keep_texts=True)
        rows, _ = reuters_rows()
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        path = os.path.join(folder.name, "rows.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r) + "\n" for r in rows[:24])
        with Client(ENDPOINT, key=created.key) as client:
            client.set_labels(["crude", "earn", "money-fx"])
            client.import_file(path)

        archive = os.path.join(folder.name, "tenant.tar")
        size = self.admin.export_tenant(created.tenant, archive)
        self.assertEqual(os.path.getsize(archive), size)
        self.assertFalse(os.path.exists(archive + ".partial"))
        copy = "py-" + uuid.uuid4().hex[:8]
        restored = self.admin.import_tenant(archive, name=copy)
        self.tenants.append(copy)
        self.assertEqual((copy, 24, 3), (restored.tenant, restored.examples, restored.labels))
        self.assertEqual(24, self.admin.tenant(copy).examples)

        with self.assertRaises(LLMEmbedError) as refused:
            self.admin.import_tenant(archive)  # under its own name, which exists
        self.assertEqual(grpc.StatusCode.ALREADY_EXISTS, refused.exception.code)

    def test_a_refused_call_over_the_request_rate_is_retried_until_it_passes(self):
        created = self.create(requests_per_second=1)
        # One request a second: the second of two back-to-back calls is refused (ResourceExhausted,
        # llmembed-limit: requests_per_second) and passes once the bucket refills.
        with Client(ENDPOINT, key=created.key, retry=RetryPolicy(max_attempts=10, initial_backoff=0.1, max_backoff=1.0)) as client:
            client.set_labels(["a", "b"])
            labels = client.labels()
            self.assertEqual(["a", "b"], [l.name for l in labels])
            self.assertGreater(client.retries, 0)

        # Without retries the same refusal reaches the caller: the bucket is still empty after the call above.
        with Client(ENDPOINT, key=created.key, retry=RetryPolicy(max_attempts=1)) as once:
            with self.assertRaises(LLMEmbedError) as refused:
                once.labels()
        self.assertEqual((grpc.StatusCode.RESOURCE_EXHAUSTED, "requests_per_second"),
                         (refused.exception.code, refused.exception.trailers.get("llmembed-limit")))


if __name__ == "__main__":
    unittest.main()
