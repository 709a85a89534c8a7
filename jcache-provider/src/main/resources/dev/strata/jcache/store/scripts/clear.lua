-- clear.lua: drops every entry of one segment without events (Cache.clear fires none), and
-- publishes a segment-cleared marker so that other JVMs can drop what they hold locally.
-- KEYS: entries, expiry, meta (see common.lua)
-- ARGV: none of its own
-- Reply: { {number of entries dropped}, events (always empty) }
local n = redis.call('HLEN', E)
redis.call('DEL', E, X)
version()
redis.call('PUBLISH', CHANNEL, HEADER .. lp(tostring(SEQ)) .. 'Z' .. lp('') .. lp('') .. lp(''))
return finish({ n })
