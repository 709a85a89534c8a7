-- put_all.lua: writes many entries of one segment.
-- KEYS: entries, expiry, meta (see common.lua)
-- ARGV: arg(1) creation TTL, arg(2) update TTL, then key, value pairs
-- Reply: { {1 per entry written, 0 per creation with TTL 0, in order}, events }
local create_ttl, update_ttl = arg(1), arg(2)
local out = {}
for i = ARG0 + 3, #ARGV, 2 do
  local k, v = ARGV[i], ARGV[i + 1]
  local old = read_live(k)
  if old then
    store(k, v, update_ttl, false)
    event('U', k, v, old)
    out[#out + 1] = 1
  elseif store(k, v, create_ttl, true) then
    event('C', k, v, nil)
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
return finish(out)
