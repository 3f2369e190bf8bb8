-- wrk script of the national bench (bench/bench_national.py): at the end of a run, one JSON
-- line with the request count, median and p95 latency (ms), responses that are neither 2xx nor
-- 3xx, and socket errors (connect, read, write, timeout).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "median_ms": %.2f, "p95_ms": %.2f, ' ..
    '"non_2xx_3xx": %d, "socket_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout, e.timeout))
end
