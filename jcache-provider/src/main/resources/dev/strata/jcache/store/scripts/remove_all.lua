-- remove_all.lua: removes the given entries, of one or more segments.
-- KEYS: entries, expiry per segment (see common.lua)
-- ARGV per segment: arg(1..) keys
-- A corrupt record is removed silently (event D: its value cannot be shown to listeners).
-- Reply result per segment: for each key in order, 1 when removed, 0 when absent
return run(function()
  local keys = {}
  for i = 1, nargs() do
    keys[i] = arg(i)
  end
  local raw = fetch_all(keys)
  local out = {}
  for i, k in ipairs(keys) do
    local old, _, exp = live(k, raw[i])
    if old == CORRUPT then
      unlink(k, true)
      event('D', k)
      out[i] = 1
    elseif old then
      unlink(k, exp)
      event('R', k, old, old)
      out[i] = 1
    else
      out[i] = 0
    end
  end
  return out
end)
