-- lease.lua: a JVM with entry listeners on the cache extends the listener lease, so that messages
-- keep carrying values and old values for it; changes no entry and bumps no sequence.
-- KEYS: entries, expiry, meta (see common.lua)
-- ARGV: arg(1) lease length in ms
-- Reply: { {lease end in server ms}, {}, epoch, seq }
local want = NOW + tonumber(arg(1))
local current = tonumber(redis.call('HGET', M, 'l') or '0')
if want > current then
  redis.call('HSET', M, 'l', want)
  return finish({ want })
end
return finish({ current })
