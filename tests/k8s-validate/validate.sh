#!/usr/bin/env bash
# Installs the validator's exact npm dependencies (lock file) if needed and validates deploy/k8s.
set -euo pipefail
cd "$(dirname "$0")"
if [[ ! -d node_modules/kubernetes-models ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
node validate.mjs "$@"
