-- clear.lua: drops every entry of the segments without listener events (Cache.clear fires none),
-- and publishes a segment-cleared marker (event Z) so that near caches drop what they hold. The
-- segment keeps its epoch, its sequence continues and held leases stay.
-- KEYS: entries, expiry per segment (see common.lua); the eviction order of a bounded cache is dropped too
-- ARGV: none of their own
-- Reply result per segment: { number of fields dropped, meta fields included }
return run(function()
  load_meta()
  local n = redis.call('HLEN', E)
  redis.call('DEL', E, X, O)
  bump()
  if EPOCH == META.e then
    local n = #PENDING
    PENDING[n + 1], PENDING[n + 2] = '#e', EPOCH
  end
  for _, f in ipairs({ 'n', 'l' }) do
    if META[f] then
      local n = #PENDING
      PENDING[n + 1], PENDING[n + 2] = '#' .. f, META[f]
    end
  end
  event('Z', '')
  return { n }
end)
