-- common.lua: prelude prepended to every Strata script before it is loaded (SCRIPT LOAD).
--
-- One script works on one segment of one cache; all its keys share a hash tag, so the script is
-- atomic on Redis Cluster too.
-- KEYS[1] entries hash  : field = encoded key, value = "<version>|<encoded value>"
-- KEYS[2] expiry zset   : member = encoded key, score = absolute expiry time in server ms
--                         (entries that never expire are not in it)
-- KEYS[3] meta hash     : field "s" = sequence number, bumped once by every script that writes;
--                         field "e" = epoch, set when the sequence starts at 1, so a segment that
--                         was flushed, lost or destroyed comes back with a different epoch;
--                         field "l" = listener lease: until this server time (ms) some JVM has
--                         entry listeners on the cache, so messages carry values and old values
-- ARGV[1] how to publish: 'S' SPUBLISH on the segment's own sharded channel (Redis 7, same hash
--         tag as the keys, so the message leaves from the node that holds the segment), anything
--         else PUBLISH on the namespace channel
-- ARGV[2] channel that carries this cache's events to every JVM
-- ARGV[3] message header, already length-prefixed by the caller (sender id, cache name, segment)
-- ARGV[4..] the script's own arguments, read through arg(i) where arg(1) == ARGV[ARG0 + 1]
--
-- TTL arguments: -1 keep the current expiry, -2 never expire, 0 expire now (the entry stays until
-- it is next observed, which fires EXPIRED), n > 0 expire in n ms.
--
-- Every script returns { result, events, epoch, sequence } where events is a flat list of
-- quadruples (type, key, value, old value); type is C created, U updated, R removed, X expired,
-- and, for near caches only (no listener event): T expiry shortened, D deleted silently,
-- Z segment cleared or destroyed. An absent value is the empty string (an encoded value is never
-- empty). epoch and sequence are the segment's meta after the script ('' and '0' when it has none).
--
-- Rule that near caches rely on: a script that bumps the sequence publishes exactly one message
-- carrying the new sequence, and every key it changed is named in that message.

local E, X, M = KEYS[1], KEYS[2], KEYS[3]
local PUBLISH = ARGV[1] == 'S' and 'SPUBLISH' or 'PUBLISH'
local CHANNEL, HEADER = ARGV[2], ARGV[3]
-- index of the last prelude argument: a script's own argument i is ARGV[ARG0 + i]
local ARG0 = 3

local function arg(i)
  return ARGV[ARG0 + i]
end

local NOW
do
  local t = redis.call('TIME')
  NOW = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local SEQ = nil
local EVENTS = {}

local function lp(s)
  local n = #s
  return string.char(math.floor(n / 16777216) % 256, math.floor(n / 65536) % 256,
    math.floor(n / 256) % 256, n % 256) .. s
end

-- the segment's new version, bumped at most once per script call
local function version()
  if not SEQ then
    SEQ = redis.call('HINCRBY', M, 's', 1)
    if SEQ == 1 then
      -- a new sequence: mark it with a fresh epoch (server time in microseconds)
      local t = redis.call('TIME')
      redis.call('HSET', M, 'e', t[1] .. string.format('%06d', tonumber(t[2])))
    end
  end
  return SEQ
end

local function event(kind, k, v, old)
  v = v or ''
  old = old or ''
  local n = #EVENTS
  EVENTS[n + 1] = kind
  EVENTS[n + 2] = k
  EVENTS[n + 3] = v
  EVENTS[n + 4] = old
end

-- the message body: every event's type and key, and its values only while a listener lease runs
-- (near caches need keys only; copying values into every message is most of a write's cost)
local function payload(with_values)
  local parts = {}
  for i = 1, #EVENTS, 4 do
    if with_values then
      parts[#parts + 1] = EVENTS[i] .. lp(EVENTS[i + 1]) .. lp(EVENTS[i + 2]) .. lp(EVENTS[i + 3])
    else
      parts[#parts + 1] = EVENTS[i] .. lp(EVENTS[i + 1]) .. lp('') .. lp('')
    end
  end
  return table.concat(parts)
end

-- splits a stored record into (value, version)
local function unpack_record(raw)
  local bar = string.find(raw, '|', 1, true)
  return string.sub(raw, bar + 1), string.sub(raw, 1, bar - 1)
end

local function delete(k)
  redis.call('HDEL', E, k)
  redis.call('ZREM', X, k)
  version()
end

-- the live value, version and expiry score of k, or nil; an expired entry is removed and fires
-- EXPIRED
local function read_live(k)
  local raw = redis.call('HGET', E, k)
  if not raw then
    return nil
  end
  local exp = redis.call('ZSCORE', X, k)
  local v, ver = unpack_record(raw)
  if exp and tonumber(exp) <= NOW then
    delete(k)
    event('X', k, v, v)
    return nil
  end
  return v, ver, exp
end

local function apply_ttl(k, ttl)
  ttl = tonumber(ttl)
  if ttl == -2 then
    redis.call('ZREM', X, k)
  elseif ttl == 0 then
    redis.call('ZADD', X, NOW, k)
  elseif ttl > 0 then
    redis.call('ZADD', X, NOW + ttl, k)
  end
end

-- applies a TTL to an existing entry (access or failed-condition touch); when that brings its
-- expiry closer, near caches elsewhere must drop the key, so the change is published (event T)
local function touch(k, ttl)
  ttl = tonumber(ttl)
  if ttl == -1 then
    return
  end
  local before = redis.call('ZSCORE', X, k)
  apply_ttl(k, ttl)
  if ttl == -2 then
    return
  end
  local after = NOW + ttl
  if not before or after < tonumber(before) then
    version()
    event('T', k, nil, nil)
  end
end

-- the remaining time to live of k in ms, -1 if it never expires
local function remaining(k)
  local exp = redis.call('ZSCORE', X, k)
  if not exp then
    return -1
  end
  return math.max(0, math.floor(tonumber(exp) - NOW))
end

-- stores v under k; returns false when a creation with TTL 0 stores nothing
local function store(k, v, ttl, created)
  if created and tonumber(ttl) == 0 then
    return false
  end
  redis.call('HSET', E, k, version() .. '|' .. v)
  if created and tonumber(ttl) == -1 then
    ttl = -2
  end
  apply_ttl(k, ttl)
  return true
end

-- publishes the collected events (if any) with the segment's epoch and sequence, and builds the
-- reply
local function finish(result)
  local meta = redis.call('HMGET', M, 'e', 's', 'l')
  local epoch, seq = meta[1] or '', meta[2] or '0'
  if #EVENTS > 0 then
    local leased = meta[3] and tonumber(meta[3]) > NOW
    redis.call(PUBLISH, CHANNEL, HEADER .. lp(seq) .. lp(epoch) .. payload(leased))
  end
  return { result, EVENTS, epoch, seq }
end
