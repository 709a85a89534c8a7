-- commit.lua: applies a change decided by the client if the entry is still at the version the
-- client read (compare-and-set), so that decisions taken outside Redis stay atomic per key.
-- KEYS: entries, expiry, meta (see common.lua)
-- ARGV: arg(1) key, arg(2) expected version ('0' = the entry must be absent), arg(3) action,
--       arg(4) value (action S), arg(5) TTL, arg(6) event for action D: R removed or none ('')
-- Actions: S set (creates when expected is '0', else updates; TTL is the creation or update TTL),
--          D delete, T touch (apply TTL only)
-- Reply: { {1 applied or 0 conflict, 1 if a value was stored or removed else 0}, events }
local k, expected, action = arg(1), arg(2), arg(3)
local current, ver = read_live(k)
if (current and ver ~= expected) or (not current and expected ~= '0') then
  return finish({ 0, 0 })
end
if action == 'S' then
  local v = arg(4)
  if current then
    store(k, v, arg(5), false)
    event('U', k, v, current)
    return finish({ 1, 1 })
  end
  if store(k, v, arg(5), true) then
    event('C', k, v, nil)
    return finish({ 1, 1 })
  end
  return finish({ 1, 0 })
end
if action == 'D' then
  if not current then
    return finish({ 1, 0 })
  end
  delete(k)
  if arg(6) == 'R' then
    event('R', k, current, current)
  else
    event('D', k, nil, nil)
  end
  return finish({ 1, 1 })
end
if action == 'T' and current then
  touch(k, arg(5))
end
return finish({ 1, 0 })
