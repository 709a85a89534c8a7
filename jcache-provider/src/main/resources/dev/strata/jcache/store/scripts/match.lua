-- match.lua: one page of a segment's keys whose encoded form matches a glob, for removeMatching.
-- KEYS: entries, expiry (see common.lua)
-- ARGV: arg(1) HSCAN cursor, arg(2) page size hint, arg(3) glob on the encoded key ('': every key)
-- Reply result: { next cursor, key1, key2, ... }; the segment's own '#' fields are left out. Values
--   are not returned (a page of keys stays small whatever the values weigh); expired entries are
--   listed too: the removal that follows decides what is live.
return run(function()
  local page
  if arg(3) == '' then
    page = redis.call('HSCAN', E, arg(1), 'COUNT', arg(2))
  else
    page = redis.call('HSCAN', E, arg(1), 'MATCH', arg(3), 'COUNT', arg(2))
  end
  local out = { page[1] }
  local fields = page[2]
  for i = 1, #fields, 2 do
    if string.byte(fields[i], 1) ~= 35 then -- '#': the segment's own fields
      out[#out + 1] = fields[i]
    end
  end
  return out
end)
