-- common.lua: prelude prepended to every Strata script before it is loaded (SCRIPT LOAD).
--
-- A script works on one or more segments of one cache. On a Redis Cluster a call names exactly one
-- segment (its keys share a hash tag, so they share a slot); on a single server or Sentinel one
-- call may cover every segment a bulk operation touches.
--
-- KEYS, per segment s of the call: KEYS[2s-1] entries hash, KEYS[2s] expiry index.
--   entries hash: field = encoded key, value = "<version>|<expiry in server ms, empty: never>|<value>";
--                 fields starting with '#' are the segment's own (an encoded key never does):
--                 #s sequence number, bumped once by every call that changes the segment;
--                 #e epoch, set when the sequence starts at 1 (flush, eviction, destroy, lost
--                    failover), so a segment that lost its history comes back with a new epoch;
--                 #n until this server time (ms) some JVM holds a near cache of the cache: changes
--                    are published; #l the same for entry listeners: messages carry values;
--   Keeping the meta in the entries hash means Redis evicts them together: an evicted segment comes
--   back with a new epoch instead of an old sequence number describing other entries.
--   expiry index: sorted set, member = encoded key, score = expiry time in server ms;
--   only the sweeper reads it: every record carries its own expiry, so losing the index to
--   eviction never makes an entry outlive its expiry.
-- ARGV[1] how to publish: 'S' SPUBLISH on the segment's own sharded channel, else PUBLISH
-- ARGV[2] flags of what the caller needs back: 'O' old values, 'V' event values
-- ARGV[3] request id of a write ('' for calls that need no deduplication)
-- ARGV[4] how long (ms) the reply of a write is kept for a re-sent request, in the string key
--         strata:{n:c:i}:r:<request id> of the call's first segment (Redis expires it)
-- ARGV[5] number of segments; then per segment: channel, message header (length-prefixed by the
--         caller), bound ('' for an unbounded cache, else the policy letter and the segment's
--         share of the cache's maximum entry count, such as 'L2500': L LRU, F LFU, Q FIFO),
--         number n of the segment's own arguments, and those n arguments, read through
--         arg(i) / nargs()
--
-- Bounded caches keep a third key per segment, the eviction order: sorted set
-- strata:{n:c:i}:o (same hash tag, so same slot), member = encoded key, score = last access time
-- in server microseconds (LRU), creation time (FIFO) or access count (LFU). Every change of an
-- entry passes through event(), which keeps the order; a call that created entries evicts the
-- first of the order until the segment is within its share (event E: near caches drop the key,
-- listeners hear nothing, JCache has no eviction event). The count is the hash's length, not the
-- order's size, so an order lost to Redis eviction never lets the segment grow past its share:
-- victims are then sampled at random (HRANDFIELD).
--
-- TTL arguments: -1 keep the current expiry, -2 never expire, 0 expire now (the entry stays until
-- it is next observed, which fires EXPIRED), n > 0 expire in n ms.
--
-- The reply is one { result, events, epoch, sequence } per segment, in order. events is a flat
-- list of quadruples (type, key, value, old value); values only with flag 'V'. Types: C created,
-- U updated, R removed, X expired, and for near caches only (no listener event): T expiry
-- shortened, D deleted silently, E evicted by the cache's bound, Z segment cleared or destroyed.
-- An absent value is the empty string (an encoded value is never empty). epoch and sequence are the segment's after the call.
--
-- Rule that near caches rely on: a call that changes a segment bumps its sequence exactly once,
-- and while a lease is held it publishes exactly one message naming every key it changed.

local PUBLISH = ARGV[1] == 'S' and 'SPUBLISH' or 'PUBLISH'
local WANT_OLD = string.find(ARGV[2], 'O', 1, true) ~= nil
local WANT_VALUES = string.find(ARGV[2], 'V', 1, true) ~= nil
local RID = ARGV[3]
local CORRUPT = {}

local NOW, NOW_US
local function read_clock()
  local t = redis.call('TIME')
  NOW = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  NOW_US = tonumber(t[1]) * 1000000 + tonumber(t[2])
end

-- server time in ms, read once per call
local function now()
  if not NOW then
    read_clock()
  end
  return NOW
end

-- server time in microseconds (exact in a Lua number until the year 2255), read once per call
local function now_us()
  if not NOW_US then
    read_clock()
  end
  return NOW_US
end

-- state of the segment being worked on
local E, X, CHANNEL, HEADER, A0, AN
local META, SEQ, EPOCH, EVENTS, PENDING, MESSAGE
-- O the segment's eviction order key (exists only for a bounded cache; clear and destroy drop it
-- whatever the bound); bound of the segment: POLICY letter (nil: unbounded), LIMIT its share,
-- CREATED the keys this call created in it (not yet in the hash: written by flush), NEW their number
local O, POLICY, LIMIT, CREATED, NEW

local function arg(i)
  return ARGV[A0 + i]
end

local function nargs()
  return AN
end

local function lp(s)
  local n = #s
  return string.char(math.floor(n / 16777216) % 256, math.floor(n / 65536) % 256,
    math.floor(n / 256) % 256, n % 256) .. s
end

local function set_meta(r, i)
  META = { s = r[i], e = r[i + 1], n = r[i + 2], l = r[i + 3] }
end

-- the record of k, read together with the segment's meta
local function fetch(k)
  local r = redis.call('HMGET', E, k, '#s', '#e', '#n', '#l')
  set_meta(r, 2)
  return r[1]
end

-- the records of keys (in order), read together with the segment's meta
local function fetch_all(keys)
  local n = #keys
  keys[n + 1], keys[n + 2], keys[n + 3], keys[n + 4] = '#s', '#e', '#n', '#l'
  local r = redis.call('HMGET', E, unpack(keys))
  for i = 1, 4 do
    keys[n + i] = nil
  end
  set_meta(r, n + 1)
  return r
end

local function load_meta()
  set_meta(redis.call('HMGET', E, '#s', '#e', '#n', '#l'), 1)
end

-- value, version, expiry (number or nil) of a record; CORRUPT when it cannot be read
local function parse(raw)
  local a = string.find(raw, '|', 1, true)
  local b = a and string.find(raw, '|', a + 1, true)
  if not b or a == 1 or b == #raw then
    return CORRUPT
  end
  local ver = string.sub(raw, 1, a - 1)
  if not string.match(ver, '^%d+$') then
    return CORRUPT
  end
  local exp = nil
  if b > a + 1 then
    exp = tonumber(string.sub(raw, a + 1, b - 1))
    if not exp then
      return CORRUPT
    end
  end
  return string.sub(raw, b + 1), ver, exp
end

-- the segment's new sequence number, bumped at most once per segment per call
local function bump()
  if not SEQ then
    SEQ = (tonumber(META.s) or 0) + 1
    PENDING[#PENDING + 1] = '#s'
    PENDING[#PENDING + 1] = SEQ
    if SEQ == 1 or not META.e then
      local t = redis.call('TIME')
      EPOCH = t[1] .. string.format('%06d', tonumber(t[2]))
      PENDING[#PENDING + 1] = '#e'
      PENDING[#PENDING + 1] = EPOCH
    else
      EPOCH = META.e
    end
  end
  return SEQ
end

-- keeps the eviction order of a bounded segment in step with a change of entry k
local function order(kind, k)
  if kind == 'C' then
    CREATED[k] = true
    NEW = NEW + 1
    local score
    if POLICY == 'F' then
      -- dynamic aging: one above the lowest count, so a newcomer outranks the next victim
      local low = redis.call('ZRANGE', O, 0, 0, 'WITHSCORES')
      score = (low[2] and tonumber(low[2]) or 0) + 1
    else
      score = now_us()
    end
    redis.call('ZADD', O, score, k)
  elseif kind == 'U' then
    if POLICY == 'L' then
      redis.call('ZADD', O, now_us(), k)
    elseif POLICY == 'F' then
      redis.call('ZINCRBY', O, 1, k)
    end
  elseif kind == 'R' or kind == 'X' or kind == 'D' then
    redis.call('ZREM', O, k)
    if CREATED[k] then
      CREATED[k] = nil
      NEW = NEW - 1
    end
  end
end

-- a read of live entry k reached Redis: LRU and LFU record it
local function accessed(k)
  if POLICY == 'L' then
    redis.call('ZADD', O, 'XX', now_us(), k)
  elseif POLICY == 'F' then
    redis.call('ZADD', O, 'XX', 'INCR', 1, k)
  end
end

-- every change of an entry is reported here: the reply, the message and the eviction order
local function event(kind, k, v, old)
  if POLICY then
    order(kind, k)
  end
  local n = #EVENTS
  EVENTS[n + 1] = kind
  EVENTS[n + 2] = k
  EVENTS[n + 3] = v or ''
  EVENTS[n + 4] = old or ''
end

-- removes k's record (a corrupt one too); exp is its expiry, if any
local function unlink(k, exp)
  redis.call('HDEL', E, k)
  if exp ~= nil then
    redis.call('ZREM', X, k)
  end
  bump()
end

-- the live value, version and expiry of a fetched record; nil when absent or expired (an expired
-- entry is removed and fires EXPIRED); CORRUPT when the record cannot be read
local function live(k, raw)
  if not raw then
    return nil
  end
  local v, ver, exp = parse(raw)
  if v ~= CORRUPT and exp and exp <= now() then
    unlink(k, exp)
    event('X', k, v, v)
    return nil
  end
  return v, ver, exp
end

-- the expiry that TTL argument ttl gives an entry whose expiry is exp
local function expiry_of(ttl, exp)
  ttl = tonumber(ttl)
  if ttl == -2 then
    return nil
  elseif ttl >= 0 then
    return now() + ttl
  end
  return exp
end

-- stores v under k with a new version and expiry new_exp; old_exp is the expiry it had
local function store(k, v, new_exp, old_exp)
  local ver = bump()
  local n = #PENDING
  PENDING[n + 1] = k
  PENDING[n + 2] = ver .. '|' .. (new_exp or '') .. '|' .. v
  if new_exp then
    if new_exp ~= old_exp then
      redis.call('ZADD', X, new_exp, k)
    end
  elseif old_exp then
    redis.call('ZREM', X, k)
  end
end

-- applies a TTL to an existing entry (access or failed-condition touch) keeping its value and
-- version; when that brings its expiry closer, near caches elsewhere must drop the key (event T)
local function touch(k, ttl, v, ver, exp)
  if tonumber(ttl) == -1 then
    return
  end
  local new_exp = expiry_of(ttl, exp)
  if new_exp == exp then
    return
  end
  local n = #PENDING
  PENDING[n + 1] = k
  PENDING[n + 2] = ver .. '|' .. (new_exp or '') .. '|' .. v
  if new_exp then
    redis.call('ZADD', X, new_exp, k)
    if not exp or new_exp < exp then
      bump()
      event('T', k)
    end
  else
    redis.call('ZREM', X, k)
  end
end

-- a put of a bulk call (putAll, batch) on k whose record raw was fetched: updates a live entry,
-- creates one otherwise (a corrupt record is overwritten as a creation); 1 when written, 0 for a
-- creation with TTL 0
local function put_fetched(k, v, raw, create_ttl, update_ttl)
  local old, _, exp = live(k, raw)
  if old == CORRUPT then
    old = nil
  end
  if old then
    store(k, v, expiry_of(update_ttl, exp), exp)
    event('U', k, v, old)
    return 1
  elseif create_ttl == 0 then
    return 0
  end
  store(k, v, expiry_of(create_ttl == -1 and -2 or create_ttl, nil), nil)
  event('C', k, v, nil)
  return 1
end

-- a removal of a bulk call (removeAll, batch) of k whose record raw was fetched: 1 when removed,
-- 0 when absent; a corrupt record is removed silently (event D: its value cannot be shown)
local function remove_fetched(k, raw)
  local old, _, exp = live(k, raw)
  if old == CORRUPT then
    unlink(k, true)
    event('D', k)
    return 1
  elseif old then
    unlink(k, exp)
    event('R', k, old, old)
    return 1
  end
  return 0
end

-- remaining time to live in ms of an entry with expiry exp, -1 if it never expires
local function remaining(exp)
  if not exp then
    return -1
  end
  return math.max(0, exp - now())
end

-- the number of entries of the segment once this call's creations are written
local function entry_count()
  if not META then
    load_meta()
  end
  local own = 0
  for _, f in ipairs({ 's', 'e', 'n', 'l' }) do
    if META[f] then
      own = own + 1
    end
  end
  return redis.call('HLEN', E) - own + NEW
end

-- removes entry k to keep the segment within its share: event E, no listener event
local function evict_one(k, raw)
  redis.call('ZREM', O, k)
  local v, _, exp = parse(raw)
  if v == CORRUPT then
    exp = true -- unknown: drop it from the expiry index too
  end
  unlink(k, exp)
  event('E', k)
end

-- after a call created entries: removes the first of the eviction order (never an entry this call
-- created) until the segment is within its share; an order that lost members (Redis evicted the
-- sorted set, or it holds keys already gone) is completed by random picks from the hash
local function evict()
  local excess = entry_count() - LIMIT
  local rounds = 0
  while excess > 0 and rounds < 8 do
    rounds = rounds + 1
    local first = redis.call('ZRANGE', O, 0, excess + NEW - 1)
    if #first == 0 then
      break
    end
    for _, k in ipairs(first) do
      if excess > 0 and not CREATED[k] then
        local raw = redis.call('HGET', E, k)
        if raw then
          evict_one(k, raw)
          excess = excess - 1
        else
          redis.call('ZREM', O, k) -- an entry that left without the order hearing of it
        end
      end
    end
  end
  rounds = 0
  while excess > 0 and rounds < 64 do
    rounds = rounds + 1
    local picks = redis.call('HRANDFIELD', E, 16)
    for _, k in ipairs(picks) do
      if excess > 0 and string.byte(k, 1) ~= 35 and not CREATED[k] then
        local raw = redis.call('HGET', E, k)
        if raw then
          evict_one(k, raw)
          excess = excess - 1
        end
      end
    end
  end
end

local function flush()
  local n = #PENDING
  for i = 1, n, 1000 do
    redis.call('HSET', E, unpack(PENDING, i, math.min(i + 999, n)))
  end
end

local function leased(field)
  local t = tonumber(META[field])
  return t and t > now()
end

-- prepares the message of the segment's events while a JVM needs them and builds the segment's
-- reply; run() writes what the work left pending (with the recorded reply), then publishes, so a
-- write that Redis refuses (out of memory) publishes nothing
local function finish_segment(result)
  if not META then
    load_meta()
  end
  local epoch = EPOCH or META.e or ''
  local seq = tostring(SEQ or META.s or '0')
  local events = EVENTS
  if #EVENTS > 0 then
    local with_values = leased('l')
    if with_values or leased('n') then
      local parts = {}
      for i = 1, #EVENTS, 4 do
        if with_values then
          parts[#parts + 1] = EVENTS[i] .. lp(EVENTS[i + 1]) .. lp(EVENTS[i + 2]) .. lp(EVENTS[i + 3])
        else
          parts[#parts + 1] = EVENTS[i] .. lp(EVENTS[i + 1]) .. lp('') .. lp('')
        end
      end
      MESSAGE = HEADER .. lp(seq) .. lp(epoch) .. table.concat(parts)
    end
    if not WANT_VALUES then
      events = {}
      for i = 1, #EVENTS, 4 do
        events[i], events[i + 1], events[i + 2], events[i + 3] = EVENTS[i], EVENTS[i + 1], '', ''
      end
    end
  end
  return { result, events, epoch, seq }
end

-- runs work(segment number) on every segment of the call and replies. A write (request id set)
-- is answered from the reply recorded when it was first applied, if it was: a re-sent request,
-- or a first attempt that reaches Redis only after its re-send did, is never applied twice.
-- The record is a string key with a Redis TTL, so Redis itself drops it when its time is up.
local function run(work)
  local record = nil
  if RID ~= '' then
    -- same hash tag as the segment, so the same slot: "strata:{n:c:i}:r:<id>"
    record = string.sub(KEYS[1], 1, -2) .. 'r:' .. RID
    local recorded = redis.call('GET', record)
    if recorded then
      return cmsgpack.unpack(recorded)
    end
  end
  local replies, pending, messages = {}, {}, {}
  local pos = 6
  for s = 1, tonumber(ARGV[5]) do
    E, X = KEYS[2 * s - 1], KEYS[2 * s]
    O = string.sub(X, 1, -2) .. 'o' -- same hash tag as X: strata:{n:c:i}:o
    CHANNEL, HEADER, AN = ARGV[pos], ARGV[pos + 1], tonumber(ARGV[pos + 3])
    A0 = pos + 3
    META, SEQ, EPOCH, EVENTS, PENDING, MESSAGE = nil, nil, nil, {}, {}, nil
    local bound = ARGV[pos + 2]
    if bound ~= '' then
      POLICY, LIMIT = string.sub(bound, 1, 1), tonumber(string.sub(bound, 2))
      CREATED, NEW = {}, 0
    else
      POLICY = nil
    end
    local result = work(s)
    if POLICY and NEW > 0 then
      evict()
    end
    replies[s] = finish_segment(result)
    pending[s] = PENDING
    messages[s] = MESSAGE and { CHANNEL, MESSAGE } or false
    pos = pos + 4 + AN
  end
  for s = 1, #pending do
    E, PENDING = KEYS[2 * s - 1], pending[s]
    flush()
  end
  if record then
    redis.call('SET', record, cmsgpack.pack(replies), 'PX', ARGV[4])
  end
  for s = 1, #messages do
    if messages[s] then
      redis.call(PUBLISH, messages[s][1], messages[s][2])
    end
  end
  return replies
end
