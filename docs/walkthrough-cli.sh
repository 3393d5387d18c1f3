#!/usr/bin/env bash
# The CLI walkthrough of README.md, the same lines: create a tenant, declare labels, import, train,
# classify, look at head versions, rename a label. Run it from the repository root against a started
# host, after `dotnet build src/LLMEmbed.Cli`. tests/LLMEmbed.Gateway.Tests/HostProcess/ReadmeWalkthroughTests.cs
# runs it (with the import and HTTP walkthroughs) against a real host and checks that README.md shows every line.
set -euo pipefail
export LLMEMBED_ENDPOINT=${LLMEMBED_ENDPOINT:-http://127.0.0.1:5000}
export LLMEMBED_ADMIN_KEY=${LLMEMBED_ADMIN_KEY:-$(cat "${LLMEMBED_HOME:-$HOME/.cache/llmembed}/data/grain-state/admin.key")}
llmembed() { "${LLMEMBED_CLI:-src/LLMEmbed.Cli/bin/Debug/net10.0/llmembed}" "$@"; }

# The key is shown once: keep it outside the working tree, readable by you only.
keys="${XDG_CONFIG_HOME:-$HOME/.config}/llmembed"; mkdir -p "$keys" && chmod 700 "$keys"
llmembed tenant create news --recipe last --json > "$keys/news.json"
export LLMEMBED_TENANT=news
export LLMEMBED_KEY=$(python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['key'])" "$keys/news.json")

llmembed labels set crude earn money-fx
llmembed import tests/LLMEmbed.Core.Tests/Fixtures/reuters-mini.jsonl --split train
llmembed train --wait
llmembed classify "OPEC agreed to cut crude output" "Quarterly net profit rose 12 pct"
llmembed classify "The dollar fell against the yen" --json
llmembed heads list
llmembed labels rename earn earnings
