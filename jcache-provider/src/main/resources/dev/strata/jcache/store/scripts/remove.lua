-- remove.lua: removal of one entry.
-- KEYS: entries, expiry, meta (see common.lua)
-- ARGV: arg(1) key, arg(2) mode, arg(3) expected value (mode C), arg(4) access TTL (mode C)
-- Modes: R remove, C remove if the current value equals the expected one (else the access TTL applies)
-- Reply: { {removed 1/0, old value or '', 1 if an entry was present else 0}, events }
local k, mode = arg(1), arg(2)
local old = read_live(k)
if not old then
  return finish({ 0, '', 0 })
end
if mode == 'C' and old ~= arg(3) then
  touch(k, arg(4))
  return finish({ 0, old, 1 })
end
delete(k)
event('R', k, old, old)
return finish({ 1, old, 1 })
