-- clear.lua: drops every entry of one segment without listener events (Cache.clear fires none),
-- and publishes a segment-cleared marker (event Z) so that near caches drop what they hold.
-- KEYS: entries, expiry, meta (see common.lua)
-- ARGV: none of its own
-- Reply: { {number of entries dropped}, events (only Z), epoch, seq }
local n = redis.call('HLEN', E)
redis.call('DEL', E, X)
version()
event('Z', '', nil, nil)
return finish({ n })
