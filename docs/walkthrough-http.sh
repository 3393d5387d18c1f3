#!/usr/bin/env bash
# The HTTP/JSON walkthrough of README.md, the same lines: create a tenant, declare labels, import,
# train, poll the job, classify, embed. Run it from the repository root against a started host; its tenant
# (headlines) is not the CLI walkthrough's (news), so the two run in either order.
# tests/LLMEmbed.Gateway.Tests/Http/WalkthroughTests.cs runs these exact requests against a real
# host and checks that README.md shows every one of them.
set -euo pipefail
LLMEMBED_HTTP=${LLMEMBED_HTTP:-http://localhost:5080}
ADMIN_KEY=${ADMIN_KEY:-$(cat "${LLMEMBED_HOME:-$HOME/.cache/llmembed}/data/grain-state/admin.key")}
json_field() { python3 -c 'import json,sys; a=json.load(sys.stdin); print(a[sys.argv[1]]) if sys.argv[1] in a else sys.exit("error: " + json.dumps(a))' "$1"; }

# 1. Create a tenant with the admin key; its key is in the answer, shown once.
KEY=$(curl -sS --fail-with-body -X POST "$LLMEMBED_HTTP/v1/tenants" -H "Authorization: Bearer $ADMIN_KEY" -H "Content-Type: application/json" -d '{"tenant": "headlines", "recipe": "last"}' | json_field key)
echo "tenant key (sign in to the console at $LLMEMBED_HTTP/console/ with it): $KEY"

# 2. Declare the labels (every later call carries the tenant's key).
curl -sS --fail-with-body -X PUT "$LLMEMBED_HTTP/v1/tenants/headlines/labels" -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" -d '{"labels": ["crude", "earn", "money-fx"]}'

# 3. Stream a JSONL file in; rows commit in chunks, a bad row is reported with its number.
curl -sS --fail-with-body -X POST "$LLMEMBED_HTTP/v1/tenants/headlines/examples/import?truncate=true" -H "Authorization: Bearer $KEY" -H "Content-Type: application/x-ndjson" --data-binary @tests/LLMEmbed.Core.Tests/Fixtures/reuters-mini.jsonl

# 4. Start training; the answer names the job.
JOB=$(curl -sS --fail-with-body -X POST "$LLMEMBED_HTTP/v1/tenants/headlines/jobs" -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" -d '{"mode": "TRAIN_MODE_FULL", "head": "HEAD_KIND_LOGREG"}' | json_field jobId)

# 5. Poll the job until it has succeeded, then look at the head versions and their holdout metrics.
until [ "$(curl -sS --fail-with-body "$LLMEMBED_HTTP/v1/tenants/headlines/jobs/$JOB" -H "Authorization: Bearer $KEY" | json_field state)" = JOB_STATE_SUCCEEDED ]; do sleep 1; done
curl -sS --fail-with-body "$LLMEMBED_HTTP/v1/tenants/headlines/heads" -H "Authorization: Bearer $KEY"

# 6. Classify.
curl -sS --fail-with-body -X POST "$LLMEMBED_HTTP/v1/tenants/headlines/classify" -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" -d '{"texts": ["OPEC agreed to cut crude output", "Quarterly net profit rose 12 pct"], "topK": 2}'

# 7. The tenant's fused vectors, OpenAI style ("model" is the tenant's recipe).
curl -sS --fail-with-body -X POST "$LLMEMBED_HTTP/v1/embeddings" -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" -d '{"input": ["The dollar fell against the yen"], "model": "last"}'
