-- contains.lua: whether a live entry exists; touches no expiry.
-- KEYS: entries, expiry, meta (see common.lua)
-- ARGV: arg(1) key
-- Reply: { {1 or 0}, events }   (events: EXPIRED when the entry was found expired)
if read_live(arg(1)) then
  return finish({ 1 })
end
return finish({ 0 })
