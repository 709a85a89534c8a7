-- get.lua: reads one entry and applies the access expiry.
-- KEYS: entries, expiry, meta (see common.lua)
-- ARGV: arg(1) key, arg(2) access TTL
-- Reply: { {value or ''}, events }
local k = arg(1)
local v = read_live(k)
if not v then
  return finish({ '' })
end
apply_ttl(k, arg(2))
return finish({ v })
