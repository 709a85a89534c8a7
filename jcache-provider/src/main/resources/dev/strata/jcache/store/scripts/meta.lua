-- meta.lua: the segment's epoch and sequence, for near caches that check they missed nothing
-- (periodic check, reconciliation after a reconnect). Changes nothing.
-- KEYS: entries, expiry, meta (see common.lua)
-- ARGV: none of its own
-- Reply: { {}, {}, epoch or '', seq or '0' }
return finish({})
