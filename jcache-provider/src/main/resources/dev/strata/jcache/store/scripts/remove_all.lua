-- remove_all.lua: removes the given entries of one segment.
-- KEYS: entries, expiry, meta (see common.lua)
-- ARGV: arg(1..) keys
-- Reply: { {1 per key removed, 0 per key absent, in order}, events }
local out = {}
for i = ARG0 + 1, #ARGV do
  local k = ARGV[i]
  local old = read_live(k)
  if old then
    delete(k)
    event('R', k, old, old)
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
return finish(out)
