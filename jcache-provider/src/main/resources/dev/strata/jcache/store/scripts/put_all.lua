-- put_all.lua: writes many entries, of one or more segments.
-- KEYS: entries, expiry per segment (see common.lua)
-- ARGV per segment: arg(1) creation TTL, arg(2) update TTL, then key, value pairs
-- A corrupt record is overwritten as a creation.
-- Reply result per segment: for each pair in order, 1 when written, 0 for a creation with TTL 0
return run(function()
  local create_ttl, update_ttl = tonumber(arg(1)), arg(2)
  local keys = {}
  for i = 3, nargs(), 2 do
    keys[#keys + 1] = arg(i)
  end
  local raw = fetch_all(keys)
  local out = {}
  for i, k in ipairs(keys) do
    out[i] = put_fetched(k, arg(2 * i + 2), raw[i], create_ttl, update_ttl)
  end
  return out
end)
