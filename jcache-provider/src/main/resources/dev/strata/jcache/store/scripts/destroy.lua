-- destroy.lua: deletes every key of one segment, its meta record included.
-- KEYS: entries, expiry, meta (see common.lua)
-- ARGV: none of its own
-- Reply: { {1}, events (always empty) }
redis.call('DEL', E, X, M)
redis.call('PUBLISH', CHANNEL, HEADER .. lp('0') .. 'Z' .. lp('') .. lp('') .. lp(''))
return finish({ 1 })
