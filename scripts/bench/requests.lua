-- wrk's script for scripts/bench/bench.ts, which passes after `--`:
--   1 the method (GET, DELETE, ...)
--   2 the path; where it holds {n} a number that counts up takes its place, so
--     that every request is a message the server has not seen
--   3 Accept headers separated by '|', taken in turn
-- and, in the environment, WRK_LIMIT: how many responses to wait for (unset:
-- run for the duration). wrk's main thread sleeps for the whole duration
-- whatever the threads do, so on the last response this says "LIMIT" and
-- bench.ts sends wrk SIGINT, which ends the run. At the end, one JSON line
-- for bench.ts to read.
local method, path, accepts
local limit = tonumber(os.getenv('WRK_LIMIT') or '0')
local counter, seen = 0, 0

function init (args)
  method = args[1]
  path = args[2]
  accepts = {}
  for accept in string.gmatch(args[3], '[^|]+') do accepts[#accepts + 1] = accept end
end

function request ()
  counter = counter + 1
  local target = string.gsub(path, '{n}', tostring(counter))
  return wrk.format(method, target, { Accept = accepts[(counter - 1) % #accepts + 1] })
end

-- Only when counting: wrk hands responses to Lua (which costs it) only for a script that has this.
if limit > 0 then
  function response ()
    seen = seen + 1
    if seen == limit then
      io.write('LIMIT\n')
      io.flush()
      wrk.thread:stop()
    end
  end
end

function done (summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"durationUs":%d,"bytes":%d,"non2xx":%d,"errors":%d,"p50Us":%d,"p99Us":%d}\n',
    summary.requests, summary.duration, summary.bytes, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
