-- wrk script for bench/public_bench.py: each connection is one reader who waits THINK_MS
-- ("low,high" milliseconds, uniformly) between pages; collects each response's
-- Server-Timing CPU and prints one RESULT line the bench parses.
local low, high = 0, 0
cpu = {}  -- a global: done() reads each thread's with thread:get
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local spec = os.getenv("THINK_MS") or "0,0"
  low, high = spec:match("(%d+),(%d+)")
  low, high = tonumber(low), tonumber(high)
  math.randomseed(os.time() + #threads)
end

function delay()
  if high > 0 then
    return math.random(low, high)
  end
  return 0
end

function response(status, headers, body)
  local timing = headers["Server-Timing"] or headers["server-timing"]
  if timing then
    local value = timing:match("cpu;dur=([%d%.]+)")
    if value then
      cpu[#cpu + 1] = tonumber(value)
    end
  end
end

local function percentile(values, share)
  if #values == 0 then
    return 0
  end
  return values[math.max(1, math.ceil(#values * share))]
end

function done(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads) do
    for _, value in ipairs(thread:get("cpu")) do
      all[#all + 1] = value
    end
  end
  table.sort(all)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d errors=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d cpu_n=%d cpu_p50=%.2f cpu_p95=%.2f\n",
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    #all, percentile(all, 0.5), percentile(all, 0.95)))
end
