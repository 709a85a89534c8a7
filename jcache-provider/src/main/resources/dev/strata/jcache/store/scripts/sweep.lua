-- sweep.lua: removes entries whose expiry has passed and that nobody read, firing EXPIRED.
-- KEYS: entries, expiry, meta (see common.lua)
-- ARGV: arg(1) maximum number of entries to remove in this call
-- Reply: { {number removed, number still expired and waiting}, events }
local due = redis.call('ZRANGEBYSCORE', X, '-inf', NOW, 'LIMIT', 0, tonumber(arg(1)))
for _, k in ipairs(due) do
  local raw = redis.call('HGET', E, k)
  delete(k)
  if raw then
    local v = unpack_record(raw)
    event('X', k, v, v)
  end
end
local left = redis.call('ZCOUNT', X, '-inf', NOW)
return finish({ #due, left })
