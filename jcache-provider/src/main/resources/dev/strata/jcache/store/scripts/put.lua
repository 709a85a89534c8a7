-- put.lua: the write family of single-key operations, decided inside Redis in one round trip.
-- KEYS: entries, expiry (see common.lua)
-- ARGV: arg(1) key, arg(2) new value, arg(3) mode, arg(4) creation TTL, arg(5) update TTL,
--       arg(6) access TTL, arg(7) expected value (mode C only), arg(8) the same value in its other
--       stored form, compressed or not ('' if none; mode C only)
-- Modes: P put (always), A put if absent, R replace if present,
--        C replace if the current value equals the expected one (else the access TTL applies)
-- A corrupt record counts as absent and is overwritten (a conditional mode leaves it alone).
-- Reply result: { written 1/0, old value or '' (flag O, or mode C/A), 1 if an entry was present
--               else 0, remaining ms of the written entry (-1 never expires; 0 when not written) }
return run(function()
  local k, v, mode = arg(1), arg(2), arg(3)
  local old, ver, exp = live(k, fetch(k))
  if old == CORRUPT then
    if mode ~= 'P' then
      return { 0, '', 0, 0 }
    end
    old, exp = nil, nil
  end
  if old then
    local shown = WANT_OLD and old or ''
    if mode == 'A' then
      return { 0, shown, 1, 0 }
    end
    if mode == 'C' and old ~= arg(7) and old ~= arg(8) then
      touch(k, arg(6), old, ver, exp)
      return { 0, shown, 1, 0 }
    end
    local new_exp = expiry_of(arg(5), exp)
    store(k, v, new_exp, exp)
    event('U', k, v, old)
    return { 1, shown, 1, remaining(new_exp) }
  end
  if mode == 'R' or mode == 'C' then
    return { 0, '', 0, 0 }
  end
  local ttl = tonumber(arg(4))
  if ttl == 0 then
    return { 0, '', 0, 0 }
  end
  local new_exp = expiry_of(ttl == -1 and -2 or ttl, nil)
  store(k, v, new_exp, exp)
  event('C', k, v, nil)
  return { 1, '', 0, remaining(new_exp) }
end)
