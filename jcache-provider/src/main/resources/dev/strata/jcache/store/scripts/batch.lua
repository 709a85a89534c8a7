-- batch.lua: puts and removes of one or more segments, applied in one script run: all or nothing.
-- KEYS: entries, expiry per segment (see common.lua); on a Redis Cluster one segment per call
-- ARGV per segment: arg(1) creation TTL, arg(2) update TTL, then triples: operation ('P' put,
--   'R' remove), key, value ('' for a remove). A key appears once per call (the caller keeps each
--   key's last operation).
-- All or nothing: a script runs alone, and the first thing it does is a write that Redis refuses
-- when out of memory, so a refusal comes before any change (once a script has written, Redis lets
-- it finish its writes). A corrupt record is overwritten by a put, removed silently by a remove.
-- Reply result per segment: for each triple in order, 1 when written or removed, 0 when not (a
--   creation with TTL 0, a removal of an absent key)
return run(function(s)
  if s == 1 then
    redis.call('SET', string.sub(KEYS[1], 1, -2) .. 'b', '1', 'PX', 1)
  end
  local create_ttl, update_ttl = tonumber(arg(1)), arg(2)
  local ops, keys, values = {}, {}, {}
  for i = 3, nargs(), 3 do
    ops[#ops + 1] = arg(i)
    keys[#keys + 1] = arg(i + 1)
    values[#values + 1] = arg(i + 2)
  end
  local raw = fetch_all(keys)
  local out = {}
  for i, k in ipairs(keys) do
    if ops[i] == 'P' then
      out[i] = put_fetched(k, values[i], raw[i], create_ttl, update_ttl)
    else
      out[i] = remove_fetched(k, raw[i])
    end
  end
  return out
end)
