-- get.lua: reads one entry, applies the access expiry and, for an LRU or LFU cache, records the
-- read. Caches whose entries never expire and whose reads record nothing read with a plain HMGET
-- instead (RemoteStore); this script serves those that need the server clock or a write.
-- KEYS: entries, expiry (see common.lua)
-- ARGV: arg(1) key, arg(2) access TTL
-- Reply result: { 'V', value, remaining ms after the call (-1 never expires) } | { 'A' } absent |
--               { 'C' } the record is corrupt
return run(function()
  local k = arg(1)
  local v, ver, exp = live(k, fetch(k))
  if not v then
    return { 'A' }
  end
  if v == CORRUPT then
    return { 'C' }
  end
  touch(k, arg(2), v, ver, exp)
  if POLICY then
    accessed(k)
  end
  return { 'V', v, remaining(expiry_of(arg(2), exp)) }
end)
