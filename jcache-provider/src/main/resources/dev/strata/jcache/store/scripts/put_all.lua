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
    local v = arg(2 * i + 2)
    local old, _, exp = live(k, raw[i])
    if old == CORRUPT then
      old = nil
    end
    if old then
      store(k, v, expiry_of(update_ttl, exp), exp)
      event('U', k, v, old)
      out[i] = 1
    elseif create_ttl == 0 then
      out[i] = 0
    else
      store(k, v, expiry_of(create_ttl == -1 and -2 or create_ttl, nil), nil)
      event('C', k, v, nil)
      out[i] = 1
    end
  end
  return out
end)
