-- contains.lua: whether a live entry exists (a corrupt record counts: it holds the key); touches
-- no expiry.
-- KEYS: entries, expiry (see common.lua)
-- ARGV: arg(1) key
-- Reply result: { 1 or 0 }   (events: EXPIRED when the entry was found expired)
return run(function()
  local k = arg(1)
  if live(k, fetch(k)) then
    return { 1 }
  end
  return { 0 }
end)
