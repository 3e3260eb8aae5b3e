-- wrk script for bench/ingest.sh: POST /v1/events with batches of 500 events of ~260 bytes and a server key.
-- Environment: QUESTLOG_BENCH_KEY (server key), QUESTLOG_BENCH_RUN (4 hex digits, distinct per run),
-- QUESTLOG_BENCH_EVENTS (events per batch, default 500).
--
-- Every request carries fresh event_ids, so the collector's duplicate filter never short-cuts the work: the whole
-- request (headers and body) is built once into a byte buffer (LuaJIT's ffi, which wrk embeds), and each request
-- writes its prefix (thread number + request counter) over the first 8 hex digits of each event_id in place, then
-- hands wrk one string copy of the buffer. (Joining 1001 pieces per request, as before, cost wrk several copies of
-- the 132 KB body and their garbage: about a fifth of the machine's CPU at the peak.)
local ffi = require("ffi")

local events = tonumber(os.getenv("QUESTLOG_BENCH_EVENTS") or "500")
local key = os.getenv("QUESTLOG_BENCH_KEY") or error("QUESTLOG_BENCH_KEY is not set")
-- 4 hex digits that differ between the runs against one server, so no run repeats another's event_ids
local run = os.getenv("QUESTLOG_BENCH_RUN") or "4d5e"

local threads = {}
local counter = 0

function setup(thread)
   thread:set("thread_no", #threads)
   table.insert(threads, thread)
end

local buf, len
local slots = {}

function init(args)
   local now = math.floor(os.time() * 1000)
   local pieces = {}
   local text = "["
   for i = 0, events - 1 do
      if i > 0 then text = text .. "," end
      text = text .. '{"event_id":"'
      table.insert(pieces, text)
      text = string.format('-%s-4f60-8a7b-%012x","event_type":"player_death","event_timestamp":%d,'
         .. '"event_version":"1.0","app_version":"1.4.2","client_id":"player-%d","session_id":"s-%d",'
         .. '"level_id":"desert_map","position_x":%.2f,"position_y":%.1f}', run, i, now, 1000 + i % 200, i % 50,
         100.25 + i, 40.5 + i % 17)
   end
   table.insert(pieces, text .. "]")
   -- body = piece0 .. prefix .. piece1 .. prefix .. … .. piece500; remember where each prefix goes
   local parts = {}
   local at = 0
   for i, p in ipairs(pieces) do
      table.insert(parts, p)
      at = at + #p
      if i < #pieces then
         table.insert(slots, at)
         table.insert(parts, "00000000")
         at = at + 8
      end
   end
   local body = table.concat(parts)
   wrk.method = "POST"
   wrk.headers["Authorization"] = "Bearer " .. key
   wrk.headers["Content-Type"] = "application/json"
   local req = wrk.format(nil, nil, nil, body)
   local head = #req - #body
   for i = 1, #slots do
      slots[i] = slots[i] + head
   end
   len = #req
   buf = ffi.new("uint8_t[?]", len)
   ffi.copy(buf, req, len)
end

function request()
   counter = counter + 1
   local prefix = string.format("%x%07x", thread_no % 16, counter % 0x10000000)
   for i = 1, #slots do
      ffi.copy(buf + slots[i], prefix, 8)
   end
   return ffi.string(buf, len)
end

function done(summary, latency, requests)
   -- One machine-readable line for IngestBench (wrk's own report is above it).
   io.write(string.format("QUESTLOG requests=%d bytes=%d seconds=%.3f non2xx=%d errors_connect=%d "
      .. "errors_read=%d errors_write=%d errors_timeout=%d p50_us=%d p99_us=%d p999_us=%d\n",
      summary.requests, summary.bytes, summary.duration / 1e6,
      summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write,
      summary.errors.timeout, latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
