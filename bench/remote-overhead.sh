#!/usr/bin/env bash
# Measures the end-to-end latency Shepherd adds in `remote` mode: the same upstream (a Shepherd
# serving the demo's ONNX model) is called directly and through a second Shepherd whose model is
# `runtime: remote`, with wrk, in one run. Needs wrk (Debian: apt-get install wrk).
# Usage: bench/remote-overhead.sh [duration=20s] [connections=8]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DUR="${1:-20s}"; CONN="${2:-8}"
UP_PORT=18081; GW_PORT=18082
WORK="$(mktemp -d)"; trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }

"$ROOT/shepherd" --version >/dev/null   # builds the jar if needed
"$ROOT/shepherd" demo --port $UP_PORT --data "$WORK/upstream" --rate 0 >"$WORK/upstream.log" 2>&1 &
for i in $(seq 120); do curl -sf localhost:$UP_PORT/v2/models/loan-default/ready >/dev/null && break; sleep 1; done

cat >"$WORK/remote.yaml" <<YAML
apiVersion: shepherd/v1
kind: Model
metadata: {name: loan-default, version: remote-v1}
spec:
  runtime: remote
  uri: http://localhost:$UP_PORT
  options: {upstreamModel: loan-default, readTimeoutMs: 5000}
  schema:
    inputs:
      - {name: income, type: number}
      - {name: age, type: integer}
      - {name: debt_ratio, type: number, required: false}
      - {name: employment, type: category, values: [salaried, self_employed, unemployed, retired]}
      - {name: region, type: category, values: [north, south, east, west]}
    output: {type: class, labels: [repaid, default]}
---
apiVersion: shepherd/v1
kind: Deployment
metadata: {name: loan-default}
spec: {serving: remote-v1}
YAML
"$ROOT/shepherd" serve --port $GW_PORT --data "$WORK/gateway" --config "$WORK/remote.yaml" --log-sample-rate 0 >"$WORK/gateway.log" 2>&1 &
for i in $(seq 120); do curl -sf localhost:$GW_PORT/v2/models/loan-default/ready >/dev/null && break; sleep 1; done

LUA="$ROOT/bench/oip-request.lua"
echo "warm-up..."; wrk -t1 -c"$CONN" -d5s -s "$LUA" http://localhost:$UP_PORT/v2/models/loan-default/infer >/dev/null
wrk -t1 -c"$CONN" -d5s -s "$LUA" http://localhost:$GW_PORT/v2/models/loan-default/infer >/dev/null
echo "direct (upstream alone):"
DIRECT=$(wrk -t1 -c"$CONN" -d"$DUR" -s "$LUA" http://localhost:$UP_PORT/v2/models/loan-default/infer | grep RESULT); echo "  $DIRECT"
echo "through Shepherd (remote runtime):"
VIA=$(wrk -t1 -c"$CONN" -d"$DUR" -s "$LUA" http://localhost:$GW_PORT/v2/models/loan-default/infer | grep RESULT); echo "  $VIA"
p() { echo "$1" | sed -E "s/.*$2=([0-9.]+).*/\1/"; }
awk -v d50="$(p "$DIRECT" p50_us)" -v v50="$(p "$VIA" p50_us)" -v d99="$(p "$DIRECT" p99_us)" -v v99="$(p "$VIA" p99_us)" \
    -v dr="$(p "$DIRECT" rps)" -v vr="$(p "$VIA" rps)" 'BEGIN {
  printf "added latency p50: %d us (ratio %.2f), p99: %d us (ratio %.2f); throughput ratio %.2f\n",
    v50 - d50, v50 / d50, v99 - d99, v99 / d99, vr / dr }'
