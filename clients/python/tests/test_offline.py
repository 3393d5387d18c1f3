"""The parts that need no gateway: back-off, key parsing, file reading, errors."""

import hashlib
import os
import tempfile
import unittest

import grpc

from llmembed_client import Client, FileFormatError, LLMEmbedError, RetryPolicy, tenant_of_key
from llmembed_client.files import import_id, read_rows


class RetryPolicyTests(unittest.TestCase):
    def test_backoff_doubles_with_jitter_and_is_capped(self):
        low = RetryPolicy(initial_backoff=0.1, max_backoff=0.3, random=lambda: 0.0)
        high = RetryPolicy(initial_backoff=0.1, max_backoff=0.3, random=lambda: 1.0)
        unavailable = grpc.StatusCode.UNAVAILABLE
        self.assertEqual([0.05, 0.1, 0.15], [low.delay(unavailable, {}, n) for n in (1, 2, 3)])
        self.assertEqual([0.1, 0.2, 0.3], [high.delay(unavailable, {}, n) for n in (1, 2, 3)])

    def test_attempts_are_bounded(self):
        policy = RetryPolicy(max_attempts=3)
        self.assertIsNotNone(policy.delay(grpc.StatusCode.UNAVAILABLE, {}, 2))
        self.assertIsNone(policy.delay(grpc.StatusCode.UNAVAILABLE, {}, 3))

    def test_only_limits_that_pass_with_time_are_retried(self):
        policy = RetryPolicy()
        exhausted = grpc.StatusCode.RESOURCE_EXHAUSTED
        self.assertIsNotNone(policy.delay(exhausted, {"llmembed-limit": "requests_per_second"}, 1))
        self.assertIsNotNone(policy.delay(exhausted, {"llmembed-limit": "backbone_queue"}, 1))
        self.assertIsNone(policy.delay(exhausted, {"llmembed-limit": "texts_per_call"}, 1))
        self.assertIsNone(policy.delay(exhausted, {}, 1))  # e.g. a message over the size limit
        self.assertIsNone(policy.delay(grpc.StatusCode.INVALID_ARGUMENT, {}, 1))

    def test_a_retry_after_trailer_is_the_least_wait(self):
        policy = RetryPolicy(initial_backoff=0.1, random=lambda: 1.0)
        self.assertEqual(2.5, policy.delay(grpc.StatusCode.RESOURCE_EXHAUSTED, {"retry-after": "2.5"}, 1))
        self.assertEqual(0.1, policy.delay(grpc.StatusCode.UNAVAILABLE, {"retry-after": "soon"}, 1))


class KeyTests(unittest.TestCase):
    def test_the_tenant_comes_from_a_tenant_key(self):
        self.assertEqual("shop-1", tenant_of_key("lle_shop-1.c2VjcmV0"))
        self.assertIsNone(tenant_of_key("admin-key"))
        self.assertIsNone(tenant_of_key("lle_shop."))

    def test_a_client_without_tenant_uses_the_keys(self):
        saved = os.environ.pop("LLMEMBED_TENANT", None)
        try:
            with Client("http://127.0.0.1:1", key="lle_shop.c2VjcmV0") as client:
                self.assertEqual("shop", client.tenant)
        finally:
            if saved is not None:
                os.environ["LLMEMBED_TENANT"] = saved

    def test_an_unreachable_gateway_is_named_after_bounded_retries(self):
        slept = []
        with Client("http://127.0.0.1:1", key="lle_shop.c2VjcmV0", timeout=5, retry=RetryPolicy(max_attempts=2),
                    sleep=slept.append) as client:
            with self.assertRaises(LLMEmbedError) as caught:
                client.labels()
        self.assertEqual(grpc.StatusCode.UNAVAILABLE, caught.exception.code)
        self.assertIn("http://127.0.0.1:1", str(caught.exception))
        self.assertIn("LLMEMBED_ENDPOINT", str(caught.exception))
        self.assertEqual((2, 1, 1), (caught.exception.attempts, client.retries, len(slept)))


class FileTests(unittest.TestCase):
    def write(self, name, text):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        path = os.path.join(folder.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_jsonl_rows_carry_their_lines_and_numeric_labels_their_spelling(self):
        path = self.write("a.jsonl", '{"text":"one","label":"x","split":"Train"}\n\n{"text":"two","label":3}\n')
        rows = list(read_rows(path))
        self.assertEqual([("one", "x", "train", 1), ("two", "3", None, 3)], [(r.text, r.label, r.split, r.line) for r in rows])

    def test_csv_rows_with_quoted_commas(self):
        path = self.write("a.csv", 'text,label\n"a, b",x\nc,y\n')
        self.assertEqual([("a, b", "x"), ("c", "y")], [(r.text, r.label) for r in read_rows(path)])

    def test_a_bad_row_names_its_line(self):
        path = self.write("a.jsonl", '{"text":"one","label":"x"}\n{"text":"","label":"x"}\n')
        with self.assertRaises(FileFormatError) as caught:
            list(read_rows(path))
        self.assertEqual(2, caught.exception.line)

    def test_the_import_id_is_the_clis(self):
        content = '{"text":"one","label":"x"}\n'
        path = self.write("a.jsonl", content)
        # As ImportCommand.ImportId: the first 32 hex digits of the file's SHA-256, then the split.
        digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:32]
        self.assertEqual((f"{digest}:all", f"{digest}:train"), (import_id(path, None), import_id(path, "train")))


if __name__ == "__main__":
    unittest.main()
