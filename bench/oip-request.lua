-- wrk script: POST one OIP v2 inference request for the demo's loan-default schema.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{"inputs": [
  {"name": "income", "datatype": "FP64", "shape": [1], "data": [48000]},
  {"name": "age", "datatype": "INT64", "shape": [1], "data": [41]},
  {"name": "debt_ratio", "datatype": "FP64", "shape": [1], "data": [0.21]},
  {"name": "employment", "datatype": "BYTES", "shape": [1], "data": ["salaried"]},
  {"name": "region", "datatype": "BYTES", "shape": [1], "data": ["north"]}]}]]

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
