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
    out[i] = remove_fetched(k, raw[i])
  end
  return out
end)
