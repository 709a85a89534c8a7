-- put.lua: the write family of single-key operations, decided inside Redis in one round trip.
-- KEYS: entries, expiry, meta (see common.lua)
-- ARGV: arg(1) key, arg(2) new value, arg(3) mode, arg(4) creation TTL, arg(5) update TTL,
--       arg(6) access TTL, arg(7) expected value (mode C only)
-- Modes: P put (always), A put if absent, R replace if present,
--        C replace if the current value equals the expected one (else the access TTL applies)
-- Reply: { {written 1/0, old value or '', 1 if an entry was present else 0,
--          remaining ms of the written entry (-1 never expires; only when written)}, events, epoch, seq }
local k, v, mode = arg(1), arg(2), arg(3)
local old = read_live(k)
if old then
  if mode == 'A' then
    return finish({ 0, old, 1 })
  end
  if mode == 'C' and old ~= arg(7) then
    touch(k, arg(6))
    return finish({ 0, old, 1 })
  end
  store(k, v, arg(5), false)
  event('U', k, v, old)
  return finish({ 1, old, 1, remaining(k) })
end
if mode == 'R' or mode == 'C' then
  return finish({ 0, '', 0 })
end
if store(k, v, arg(4), true) then
  event('C', k, v, nil)
  return finish({ 1, '', 0, remaining(k) })
end
return finish({ 0, '', 0 })
