#!/usr/bin/env bash
# Regenerates llmembed_client/llmembed_pb2.py and llmembed_pb2_grpc.py from the gateway's proto.
# The output is committed, so users need no protoc. Run it after changing
# src/LLMEmbed.Protos/Protos/llmembed.proto.
#
# Debian 12's own compilers (apt-get install protobuf-compiler protobuf-compiler-grpc): protoc 3.21
# writes descriptor-builder code, which runs on Debian's python3-protobuf 3.21 and on protobuf 4.x-6.x.
# The protoc 3.5 inside python3-grpc-tools is not used: its output builds descriptors directly, which
# protobuf 4.21+ refuses ("Descriptors cannot be created directly") unless forced to pure Python.
#
# The HTTP annotations (google.api.http) are stripped from a copy first: they only steer the
# gateway's JSON transcoding, and keeping them would make the stubs import googleapis-common-protos.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
proto="$here/../../src/LLMEmbed.Protos/Protos/llmembed.proto"
for tool in /usr/bin/protoc /usr/bin/grpc_python_plugin; do
  [ -x "$tool" ] || { echo "$tool is missing: apt-get install protobuf-compiler protobuf-compiler-grpc" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Compiled under the package's folder name, so the gRPC module imports `from llmembed_client import llmembed_pb2`.
mkdir "$work/llmembed_client"
grep -v -e '^import "google/api/annotations.proto";' -e 'option (google.api.http)' "$proto" > "$work/llmembed_client/llmembed.proto"
/usr/bin/protoc -I "$work" -I /usr/include --plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin \
  --python_out="$here" --grpc_python_out="$here" "$work/llmembed_client/llmembed.proto"
echo "generated llmembed_client/llmembed_pb2.py and llmembed_pb2_grpc.py with $(/usr/bin/protoc --version)"
