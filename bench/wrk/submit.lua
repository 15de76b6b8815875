-- wrk script of bench/api: POST /v1/renders with a small valid timeline, counting answers by status.
-- The API key comes from wrk's own -H "Authorization: Bearer ..." flag, which wrk applies before this file runs.
-- Every thread counts in its own Lua state; done() adds them up and prints one line bench/api parses:
--   statuses 202=12345 500=2
-- Given a folder after `--`, each thread also writes the job id of every 202 it got, one a line, to
-- FOLDER/accepted-N.txt, so that bench/api can look for each of them in the jobs table.

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"timeline":{"tracks":[{"clips":[{"asset":{"type":"color","color":"#ff0000"},"start":0,"length":2}]}]},'
    .. '"output":{"format":"mp4","resolution":"preview"}}'

local threads = {}

function setup(thread)
    table.insert(threads, thread)
    thread:set("thread_number", #threads)
end

function init(args)
    statuses = {}
    if args[1] then accepted = io.open(args[1] .. "/accepted-" .. thread_number .. ".txt", "w") end
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    if status == 202 and accepted then
        -- A 202 without an id is written as "?", which no job has, so that it counts as lost.
        accepted:write((body:match('"id"%s*:%s*"([^"]+)"') or "?") .. "\n")
        -- wrk ends its threads without closing their files: flush now or the tail is lost.
        accepted:flush()
    end
end

function done(summary, latency, requests)
    local totals = {}
    for _, thread in ipairs(threads) do
        for status, count in pairs(thread:get("statuses")) do
            totals[status] = (totals[status] or 0) + count
        end
    end
    local parts = {}
    for status, count in pairs(totals) do
        table.insert(parts, status .. "=" .. count)
    end
    table.sort(parts)
    io.write("statuses " .. table.concat(parts, " ") .. "\n")
end
