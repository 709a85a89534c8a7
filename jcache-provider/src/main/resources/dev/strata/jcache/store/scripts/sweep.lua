-- sweep.lua: removes entries whose expiry has passed and that nobody read, firing EXPIRED.
-- KEYS: entries, expiry (see common.lua)
-- ARGV: arg(1) maximum number of index members to handle in this call
-- Reply result: { number of entries removed, number of index members still due }
return run(function()
  load_meta()
  local due = redis.call('ZRANGEBYSCORE', X, '-inf', now(), 'LIMIT', 0, tonumber(arg(1)))
  local removed = 0
  for _, k in ipairs(due) do
    local raw = redis.call('HGET', E, k)
    local v, _, exp = nil, nil, nil
    if raw then
      v, _, exp = parse(raw)
    end
    if v and v ~= CORRUPT and exp and exp <= now() then
      unlink(k, exp)
      event('X', k, v, v)
      removed = removed + 1
    elseif v and v ~= CORRUPT and exp then
      redis.call('ZADD', X, exp, k) -- the index lagged behind the record
    else
      redis.call('ZREM', X, k) -- gone, eternal now, or unreadable: nothing to expire
    end
  end
  local left = redis.call('ZCOUNT', X, '-inf', now())
  return { removed, left }
end)
