-- destroy.lua: deletes every key of the segments, meta fields included, and publishes a
-- segment-cleared marker (event Z) with sequence 0 and no epoch: the segment no longer exists.
-- KEYS: entries, expiry per segment (see common.lua); the eviction order of a bounded cache is dropped too
-- ARGV: none of their own
-- Reply result per segment: { 1 }, epoch '', sequence '0'
return run(function()
  load_meta()
  redis.call('DEL', E, X, O)
  META.s, META.e = nil, nil
  event('Z', '')
  return { 1 }
end)
