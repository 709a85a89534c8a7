-- get_all.lua: reads many entries, of one or more segments, and applies the access expiry to the hits.
-- KEYS: entries, expiry per segment (see common.lua)
-- ARGV per segment: arg(1) access TTL, arg(2..) keys
-- Reply result per segment: for each key in order, a status ('V' value, 'A' absent, 'C' corrupt),
--   the value or '', and the remaining ms after the call (-1 never expires)
return run(function()
  local ttl = arg(1)
  local keys = {}
  for i = 2, nargs() do
    keys[#keys + 1] = arg(i)
  end
  local raw = fetch_all(keys)
  local out = {}
  for i, k in ipairs(keys) do
    local v, ver, exp = live(k, raw[i])
    local n = #out
    if v == CORRUPT then
      out[n + 1], out[n + 2], out[n + 3] = 'C', '', 0
    elseif v then
      touch(k, ttl, v, ver, exp)
      if POLICY then
        accessed(k)
      end
      out[n + 1], out[n + 2], out[n + 3] = 'V', v, remaining(expiry_of(ttl, exp))
    else
      out[n + 1], out[n + 2], out[n + 3] = 'A', '', 0
    end
  end
  return out
end)
