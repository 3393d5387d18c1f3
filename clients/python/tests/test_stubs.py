"""The committed stubs were generated from the proto as it is now (rerun ../generate.sh when this fails)."""

import os
import re
import unittest

from llmembed_client import llmembed_pb2

PROTO = os.path.join(os.path.dirname(__file__), "..", "..", "..", "src", "LLMEmbed.Protos", "Protos", "llmembed.proto")
FIELD = re.compile(r"^\s*(?:repeated\s+)?(?:map<[^>]+>|[\w.]+)\s+(\w+)\s*=\s*(\d+)\s*;", re.MULTILINE)


def proto_messages():
    """Each message of the proto with its (field name, number) pairs; its messages hold no nested braces."""
    with open(PROTO, encoding="utf-8") as f:
        text = re.sub(r"//[^\n]*", "", f.read())
    return {name: {(field, int(number)) for field, number in FIELD.findall(body.replace(";", ";\n"))}
            for name, body in re.findall(r"\bmessage\s+(\w+)\s*\{([^{}]*)\}", text)}


class StubTests(unittest.TestCase):
    def test_every_message_and_field_of_the_proto_is_in_the_stubs(self):
        messages = proto_messages()
        self.assertGreater(len(messages), 40)
        stubs = llmembed_pb2.DESCRIPTOR.message_types_by_name
        self.assertEqual(sorted(messages), sorted(stubs))
        for name, fields in messages.items():
            self.assertEqual(fields, {(f.name, f.number) for f in stubs[name].fields}, name)

    def test_the_long_text_numbers_are_wrappers(self):
        field = llmembed_pb2.CreateTenantRequest.DESCRIPTOR.fields_by_name["chunk_overlap"]
        self.assertEqual("google.protobuf.Int32Value", field.message_type.full_name)


if __name__ == "__main__":
    unittest.main()
