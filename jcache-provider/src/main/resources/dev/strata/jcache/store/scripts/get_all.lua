-- get_all.lua: reads many entries of one segment and applies the access expiry to the hits.
-- KEYS: entries, expiry, meta (see common.lua)
-- ARGV: arg(1) access TTL, arg(2..) keys
-- Reply: { {value or '' per key, in order}, events }
local ttl = arg(1)
local out = {}
for i = ARG0 + 2, #ARGV do
  local k = ARGV[i]
  local v = read_live(k)
  if v then
    touch(k, ttl)
    out[#out + 1] = v
  else
    out[#out + 1] = ''
  end
end
return finish(out)
