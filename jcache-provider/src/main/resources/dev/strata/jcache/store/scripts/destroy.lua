-- destroy.lua: deletes every key of one segment, its meta record included, and publishes a
-- segment-cleared marker (event Z) with sequence 0 and no epoch: the segment no longer exists.
-- KEYS: entries, expiry, meta (see common.lua)
-- ARGV: none of its own
-- Reply: { {1}, events (only Z), '', '0' }
redis.call('DEL', E, X, M)
event('Z', '', nil, nil)
return finish({ 1 })
