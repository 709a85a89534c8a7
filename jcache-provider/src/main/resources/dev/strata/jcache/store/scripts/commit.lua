-- commit.lua: applies a change decided by the client if the entry is still at the version the
-- client read (compare-and-set), so that decisions taken outside Redis stay atomic per key.
-- KEYS: entries, expiry (see common.lua)
-- ARGV: arg(1) key, arg(2) expected version token from read.lua ('0' = the entry must be absent),
--       arg(3) action, arg(4) value (action S), arg(5) TTL, arg(6) event for action D: R removed or none ('')
-- Actions: S set (creates when the entry is absent, else updates; TTL is the creation or update TTL),
--          D delete, T touch (apply TTL only)
-- Reply result: { 1 applied or 0 conflict, 1 if a value was stored or removed else 0 }
return run(function()
  local k, expected, action = arg(1), arg(2), arg(3)
  local current, ver, exp = live(k, fetch(k))
  local token = '0'
  if current == CORRUPT then
    token = (META.e or '') .. ':c'
    current, exp = nil, true
  elseif current then
    token = (META.e or '') .. ':' .. ver
  end
  if token ~= expected then
    return { 0, 0 }
  end
  if action == 'S' then
    local v = arg(4)
    if current then
      local new_exp = expiry_of(arg(5), exp)
      store(k, v, new_exp, exp)
      event('U', k, v, current)
      return { 1, 1 }
    end
    local ttl = tonumber(arg(5))
    if exp then
      unlink(k, true)
      event('D', k)
    end
    if ttl == 0 then
      return { 1, 0 }
    end
    store(k, v, expiry_of(ttl == -1 and -2 or ttl, nil), nil)
    event('C', k, v, nil)
    return { 1, 1 }
  end
  if action == 'D' then
    if not current then
      if exp then
        unlink(k, true)
        event('D', k)
      end
      return { 1, 0 }
    end
    unlink(k, exp)
    if arg(6) == 'R' then
      event('R', k, current, current)
    else
      event('D', k)
    end
    return { 1, 1 }
  end
  if action == 'T' and current then
    touch(k, arg(5), current, ver, exp)
  end
  return { 1, 0 }
end)
