-- meta.lua: the segment's epoch and sequence, for near caches that check they missed nothing
-- (periodic check, reconciliation after a reconnect). It also keeps the near-cache lease running:
-- when less than arg(2) ms of it are left, it is extended to arg(1) ms from now, so that a near
-- cache that passed its check within its freshness bound always has changes published to it.
-- For an LRU or LFU cache it records the reads the near cache served since its last check, which
-- never reached Redis: LRU moves each key to the end of the order, LFU adds its hit count.
-- KEYS: entries, expiry (see common.lua)
-- ARGV: arg(1) lease length in ms, arg(2) renew when less than this is left,
--       arg(3..) near hits: key, hit count, key, hit count, ...
-- Reply result: {}, epoch or '', sequence or '0'
return run(function()
  load_meta()
  local lease = tonumber(META.n) or 0
  if lease - now() < tonumber(arg(2)) then
    META.n = now() + tonumber(arg(1))
    redis.call('HSET', E, '#n', META.n)
  end
  if POLICY == 'L' then
    for i = 3, nargs(), 2 do
      redis.call('ZADD', O, 'XX', now_us(), arg(i))
    end
  elseif POLICY == 'F' then
    for i = 3, nargs(), 2 do
      redis.call('ZADD', O, 'XX', 'INCR', arg(i + 1), arg(i))
    end
  end
  return {}
end)
