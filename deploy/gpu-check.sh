#!/usr/bin/env bash
# One short GPU check (under 8 minutes on a fresh GPU machine with the .NET 10 SDK): builds in Release,
# prints the GPU and CPU, runs bench part 1 (raw ONNX Runtime vs the Core runner vs the batcher) with
# the CUDA execution provider, then starts a two-silo local cluster with Silo:Accelerator=cuda and
# lists its backbone replicas. Everything it prints is a figure to copy, dated, into README.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "==== $(date -u +%Y-%m-%dT%H:%MZ) gpu-check"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv || { echo "no nvidia-smi: not a GPU machine"; exit 1; }
grep -m1 "model name" /proc/cpuinfo; nproc
dotnet build -c Release LLMEmbed.sln -v q -nologo
echo "==== bench part 1 on CUDA"
timeout 300 dotnet run -c Release --no-build --project src/LLMEmbed.Bench -- --provider cuda --threads 4 --texts 1024 --tenants 1 --json | tee gpu-bench.json
echo "==== two CUDA silos: replicas"
export LLMEMBED_Silo__Accelerator=cuda LLMEMBED_Batching__MaxRunSize=64 LLMEMBED_Backbones__Preload__0=minilm-l6
timeout 180 deploy/local-cluster.sh up   # silo1 + silo2 host backbones (now on CUDA), silo3 does not
timeout 60 dotnet run -c Release --no-build --project src/LLMEmbed.Cli -- backbones --json || true
deploy/local-cluster.sh down || true
