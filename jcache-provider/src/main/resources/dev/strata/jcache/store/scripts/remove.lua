-- remove.lua: removal of one entry.
-- KEYS: entries, expiry (see common.lua)
-- ARGV: arg(1) key, arg(2) mode, arg(3) expected value (mode C), arg(4) access TTL (mode C),
--       arg(5) the expected value in its other stored form, compressed or not ('' if none; mode C)
-- Modes: R remove, C remove if the current value equals the expected one (else the access TTL applies)
-- A corrupt record is removed by mode R (silently: its value cannot be shown to listeners).
-- Reply result: { removed 1/0, old value or '' (flag O), 1 if an entry was present else 0 }
return run(function()
  local k, mode = arg(1), arg(2)
  local old, ver, exp = live(k, fetch(k))
  if not old then
    return { 0, '', 0 }
  end
  if old == CORRUPT then
    if mode ~= 'R' then
      return { 0, '', 0 }
    end
    unlink(k, true)
    event('D', k)
    return { 1, '', 1 }
  end
  if mode == 'C' and old ~= arg(3) and old ~= arg(5) then
    touch(k, arg(4), old, ver, exp)
    return { 0, '', 1 }
  end
  unlink(k, exp)
  event('R', k, old, old)
  return { 1, WANT_OLD and old or '', 1 }
end)
