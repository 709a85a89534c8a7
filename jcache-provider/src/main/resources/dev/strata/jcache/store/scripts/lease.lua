-- lease.lua: a JVM with entry listeners (or a near cache) on the cache extends the lease that
-- makes every change publish a message (with values for listeners); changes no entry and bumps no
-- sequence.
-- KEYS: entries, expiry (see common.lua)
-- ARGV: arg(1) lease length in ms, arg(2) which lease: 'l' listeners, 'n' near caches
-- Reply result: { lease end in server ms }
return run(function()
  load_meta()
  local field = arg(2)
  local want = now() + tonumber(arg(1))
  local current = tonumber(META[field]) or 0
  if want > current then
    redis.call('HSET', E, '#' .. field, want)
    return { want }
  end
  return { current }
end)
