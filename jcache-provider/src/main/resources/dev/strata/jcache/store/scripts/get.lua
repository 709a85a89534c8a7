-- get.lua: reads one entry and applies the access expiry.
-- KEYS: entries, expiry, meta (see common.lua)
-- ARGV: arg(1) key, arg(2) access TTL
-- Reply: { {value or '', remaining ms after the call or -1 if it never expires}, events, epoch, seq }
local k = arg(1)
local v, _, exp = read_live(k)
if not v then
  return finish({ '', -1 })
end
touch(k, arg(2))
local ttl = tonumber(arg(2))
local left = -1
if ttl == -1 then
  if exp then
    left = math.floor(tonumber(exp) - NOW)
  end
elseif ttl >= 0 then
  left = ttl
end
return finish({ v, left })
