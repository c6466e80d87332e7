-- wrk script: count failed responses (status >= 500) and good ones per second of the run,
-- and print them as "second failed ok" lines when the run is over (bench/fault.py).
-- The paths to request in turn come after "--" on wrk's command line.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  failed = {}
  ok = {}
  paths = args
  turn = 0
end

function request()
  turn = turn % #paths + 1
  return wrk.format(nil, paths[turn])
end

function response(status, headers, body)
  local second = os.time()
  if status >= 500 then
    failed[second] = (failed[second] or 0) + 1
  else
    ok[second] = (ok[second] or 0) + 1
  end
end

function done(summary, latency, requests)
  local seconds = {}
  for _, thread in ipairs(threads) do
    for second, count in pairs(thread:get("failed")) do
      seconds[second] = seconds[second] or {0, 0}
      seconds[second][1] = seconds[second][1] + count
    end
    for second, count in pairs(thread:get("ok")) do
      seconds[second] = seconds[second] or {0, 0}
      seconds[second][2] = seconds[second][2] + count
    end
  end
  for second, counts in pairs(seconds) do
    io.write(string.format("second %d %d %d\n", second, counts[1], counts[2]))
  end
  io.write(string.format("socket errors %d %d %d %d\n", summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout))
end
