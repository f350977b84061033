/**
 * The outbox's Lua scripts besides the commit (which writes the entries, see commit-turn-script.ts), documented the
 * way BullMQ documents its commands. Each touches one key, so each runs on Redis Cluster.
 */

/**
 * Why a lease and not a plain read: two sweepers (a lock that lapsed during a stall, a redelivery taking an entry
 * over) must never both send one turn. Why stop at the first entry that is not due: the user's replies go out in
 * commit order; a later turn's reply must not overtake an earlier one still held by someone else.
 * Why the deadline (as the commit's): a claim Redis only runs after the sweeper stopped waiting for it would lease
 * entries to nobody, and they would wait a whole lease for the next sweep.
 */
export const CLAIM_DUE_LUA = `--[[
  Leases the due entries of one user's outbox to the caller.

  Input:
    KEYS[1] outbox key  hash: field = message id, value = "<committed ms> <lease until ms> <r|s><entry>"
                        (see commit-turn-script.ts; "r" entries wait for a redelivery and are skipped here)
    ARGV[1] minimum age in ms: younger entries are not due yet
    ARGV[2] lease in ms given to the entries returned
    ARGV[3] horizon in ms: older entries are deleted unsent
    ARGV[4] deadline, server time in µs; later than this the script does nothing and returns {}; "0" = none

  Output:
    {id1, committedMs1, entry1, id2, …}  due "s" entries, in commit order, now leased to the caller until
                                         now + ARGV[2]; stops before the first one that is younger or still leased
]]
local time = redis.call('TIME')
local nowMicros = tonumber(time[1]) * 1000000 + tonumber(time[2])
local deadline = tonumber(ARGV[4])
if deadline > 0 and nowMicros > deadline then return {} end
local nowMs = math.floor(nowMicros / 1000)
local minAge, lease, horizon = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])

local all = redis.call('HGETALL', KEYS[1])
local entries = {}
for i = 1, #all, 2 do
  local committedAt, leaseUntil, mode, payload = string.match(all[i + 1], '^(%d+) (%d+) ([rs])(.*)$')
  committedAt = tonumber(committedAt)
  if committedAt == nil or committedAt < nowMs - horizon then
    redis.call('HDEL', KEYS[1], all[i])
  elseif mode == 's' then
    entries[#entries + 1] = {all[i], committedAt, tonumber(leaseUntil), payload}
  end
end
table.sort(entries, function(a, b) return a[2] < b[2] end)

local out = {}
for _, e in ipairs(entries) do
  if e[2] > nowMs - minAge or e[3] > nowMs then break end
  local committed = string.format('%d', e[2])
  redis.call('HSET', KEYS[1], e[1], committed .. ' ' .. string.format('%d', nowMs + lease) .. ' s' .. e[4])
  out[#out + 1] = e[1]
  out[#out + 1] = committed
  out[#out + 1] = e[4]
end
return out
`;

/**
 * The sweeper's lock, kept only while its value is still the holder's token (a holder whose lock lapsed must not
 * extend or delete the next holder's).
 *   KEYS[1] the lock key
 *   ARGV[1] the holder's token
 *   ARGV[2] new time to live in ms, or "0" to release
 *   returns 1 when extended or released, 0 when the lock is not (or no longer) the caller's
 */
export const LOCK_KEEP_LUA = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '0' then return redis.call('DEL', KEYS[1]) end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])
`;
