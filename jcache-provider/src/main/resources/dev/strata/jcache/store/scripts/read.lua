-- read.lua: the state of one entry for an optimistic update done by the client.
-- KEYS: entries, expiry (see common.lua)
-- ARGV: arg(1) key
-- Reply result: { value or '', version token '<epoch>:<version>' or '0' when absent, 1 if corrupt }
-- The token carries the epoch, so a segment evicted and rebuilt meanwhile never matches an old
-- version number. A corrupt record reads as absent and is replaced by the commit.
return run(function()
  local k = arg(1)
  local v, ver = live(k, fetch(k))
  if v == CORRUPT then
    return { '', (META.e or '') .. ':c', 1 }
  end
  if not v then
    return { '', '0', 0 }
  end
  return { v, (META.e or '') .. ':' .. ver, 0 }
end)
