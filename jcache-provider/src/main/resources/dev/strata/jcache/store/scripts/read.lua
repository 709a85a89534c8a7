-- read.lua: the state of one entry for an optimistic update done by the client.
-- KEYS: entries, expiry, meta (see common.lua)
-- ARGV: arg(1) key
-- Reply: { {value or '', version or '0'}, events }
local v, ver = read_live(arg(1))
if not v then
  return finish({ '', '0' })
end
return finish({ v, ver })
