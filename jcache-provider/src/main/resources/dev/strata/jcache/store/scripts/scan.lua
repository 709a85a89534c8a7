-- scan.lua: one page of a segment's live entries, for iteration and removeAll().
-- KEYS: entries, expiry, meta (see common.lua)
-- ARGV: arg(1) HSCAN cursor, arg(2) page size hint, arg(3) access TTL applied to returned entries
-- Reply: { {next cursor, key1, value1, version1, key2, ...}, events }
local page = redis.call('HSCAN', E, arg(1), 'COUNT', arg(2))
local out = { page[1] }
local fields = page[2]
for i = 1, #fields, 2 do
  local k = fields[i]
  local v, ver = read_live(k)
  if v then
    touch(k, arg(3))
    out[#out + 1] = k
    out[#out + 1] = v
    out[#out + 1] = ver
  end
end
return finish(out)
