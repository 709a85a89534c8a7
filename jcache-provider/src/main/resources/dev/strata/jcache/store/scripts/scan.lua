-- scan.lua: one page of a segment's live entries, for iteration and removeAll().
-- KEYS: entries, expiry (see common.lua)
-- ARGV: arg(1) HSCAN cursor, arg(2) page size hint, arg(3) access TTL applied to returned entries
-- Reply result: { next cursor, number of corrupt records skipped, key1, value1, version1, key2, ... };
--   a corrupt record is returned with value '' so that removeAll() can still remove it
return run(function()
  load_meta()
  local page = redis.call('HSCAN', E, arg(1), 'COUNT', arg(2))
  local out = { page[1], 0 }
  local fields = page[2]
  for i = 1, #fields, 2 do
    local k = fields[i]
    if string.byte(k, 1) ~= 35 then -- '#': the segment's own fields
      local v, ver, exp = live(k, fields[i + 1])
      if v == CORRUPT then
        out[2] = out[2] + 1
        local n = #out
        out[n + 1], out[n + 2], out[n + 3] = k, '', ''
      elseif v then
        touch(k, arg(3), v, ver, exp)
        local n = #out
        out[n + 1], out[n + 2], out[n + 3] = k, v, (META.e or '') .. ':' .. ver
      end
    end
  end
  return out
end)
