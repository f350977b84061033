/**
 * The one Redis round trip of a turn: a compare-and-set of the session, the inbound message dedupe and the per-user
 * rate limit, in one Lua script so nothing is ever half-written. Documented the way BullMQ documents its commands.
 */
import { createHash } from 'node:crypto';

/**
 * Why server TIME and not a clock passed in ARGV: several bot processes share one Redis, and their clocks may drift;
 * the server's clock is the single one every dedupe score and version is compared against.
 * Why versions are `max(old + 1, now in µs)` and not a plain counter: a counter restarts at 1 after the session is
 * deleted, forgotten or expired, so a process holding a stale cached version could match a new, unrelated session.
 * A script run takes more than a microsecond, so a version is never ahead of the server clock and a recreated session
 * always gets a version no earlier session had. (Milliseconds were not enough: create, update, forget and recreate
 * fit in one millisecond and brought back an old version; 1.7e15 µs is still exact in a double.)
 * Why the rate check comes after the dedupe and version checks: a redelivery (dup) or a turn that will be re-applied
 * (conflict) is not a new message from the user, so neither may use up the user's budget; counting in the same script
 * also saves the separate round trip a counter of its own would cost.
 * Why a deadline (ARGV[6]) checked against server TIME before anything else: when Redis stalls (SIGSTOP, a slow
 * fork, a failover pause) the client's command timeout fires and the webhook answers 503, but the EVALSHA is already
 * in Redis' input buffer and runs when Redis resumes. Without the check it would commit the turn, and the redelivery
 * the 503 asked for would then be a `dup` whose replies nobody sends. With it, a commit that runs after its caller gave
 * up writes nothing (`late`), so the 503 is honest and the redelivery applies the turn and answers it. Every reply
 * carries the server time it was computed at, so the caller learns the offset between its clock and the server's
 * without a round trip of its own (see redis-session-store.ts).
 * Why the turn's replies are written here (KEYS[4], ARGV[7]) and not by a second command: a process killed between
 * the commit and the answer would otherwise leave a committed turn with nothing to send, and its redelivery would be
 * a `dup` (the window outbox.ts closes). The entry starts leased to the committing process, so a redelivery that
 * arrives while that process is still answering does not send it a second time; a `dup` that finds the lease run
 * out takes the entry over in the same script (one round trip, no race with another taker).
 */
export const COMMIT_TURN_LUA = `--[[
  Commits one conversation turn for one user, atomically.

  Input:
    KEYS[1] state key   string "<version>:<serialized state>", absent = no session (version 0)
    KEYS[2] seen key    sorted set: member = inbound message id, score = server time (s) it was applied
    KEYS[3] rate key    string counter: messages applied or refused in the user's current rate window
    KEYS[4] outbox key  hash: field = message id of a committed turn,
                        value = "<committed ms> <lease until ms> <r|s><entry>" (r: only a redelivery takes it over,
                        the reply rode in the HTTP answer; s: the sweeper may send it too)

    ARGV[1] inbound message id, or "" when the turn has none (no dedupe)
    ARGV[2] expected version: the one the caller's state was read at (0 = no session)
    ARGV[3] "1" to store ARGV[4] as the new state, "0" to delete the session
    ARGV[4] new serialized state (ignored when ARGV[3] is "0")
    ARGV[5] the limits, seven integers separated by spaces (the caller's constants, one argument instead of seven):
              session time to live in seconds, counted from this turn (inactivity expiry);
              dedupe window in seconds: ids applied longer ago are forgotten;
              at most this many ids are remembered per user (the oldest go first);
              rate limit: at most this many messages per window, 0 = no limit (KEYS[3] untouched);
              rate window in milliseconds (fixed window, starting at the first message counted);
              outbox time to live in seconds (the key's, refreshed by each entry written);
              outbox lease in milliseconds: a new entry is held this long by the committing caller, and a "dup"
              takes an entry over for this long
    ARGV[6] deadline, server time in microseconds: when the script runs later than this it writes nothing and
             answers "late" (the caller has given up waiting); "0" = no deadline
    ARGV[7] the outbox entry of this turn, "r" or "s" then its replies; "" = none; only written with a message id

  Output (serverTime = the server's TIME in microseconds when the script ran):
    {"ok", newVersion, serverTime}         state written (or deleted), id recorded, outbox entry written leased,
                                           TTLs refreshed
    {"dup", currentVersion, currentState, serverTime[, entry]}
                                           the id was applied already; nothing changed, except: when the turn's
                                           outbox entry is still there and its lease ran out, it is leased to this
                                           caller and returned as the fifth element (deliver and acknowledge it)
    {"conflict", currentVersion, currentState, serverTime}
                                           the session is not at the expected version; nothing changed,
                                           re-apply the turn on currentState and commit again
    {"limited", count, serverTime}         over the rate limit: count (> the limit) is this message's number in the
                                           window; the counter was incremented, nothing else changed (the id is
                                           not recorded, so a redelivery of it is refused again, not applied)
    {"late", serverTime}                   past the deadline ARGV[6]: nothing read, nothing changed
    currentState is nil when there is no session.
]]
if redis.replicate_commands then redis.replicate_commands() end

local stateKey, seenKey = KEYS[1], KEYS[2]
local messageId = ARGV[1]
local ttl, window, maxSeenIds, rateMax, rateWindowMs, outboxTtl, leaseMs =
  string.match(ARGV[5], '^(%d+) (%d+) (%d+) (%d+) (%d+) (%d+) (%d+)$')
window = tonumber(window)

local time = redis.call('TIME')
local nowSeconds = tonumber(time[1])
local nowMicros = nowSeconds * 1000000 + tonumber(time[2])
local nowMs = math.floor(nowMicros / 1000)

local deadline = tonumber(ARGV[6])
if deadline > 0 and nowMicros > deadline then
  return {'late', nowMicros}
end

local currentVersion, currentState = 0, false
local raw = redis.call('GET', stateKey)
if raw then
  local sep = string.find(raw, ':', 1, true)
  currentVersion = tonumber(string.sub(raw, 1, sep - 1))
  currentState = string.sub(raw, sep + 1)
end

if messageId ~= '' then
  local appliedAt = redis.call('ZSCORE', seenKey, messageId)
  if appliedAt and tonumber(appliedAt) > nowSeconds - window then
    local entry = redis.call('HGET', KEYS[4], messageId)
    if entry then
      local committedAt, leaseUntil, mode, payload = string.match(entry, '^(%d+) (%d+) ([rs])(.*)$')
      if leaseUntil and tonumber(leaseUntil) <= nowMs then
        redis.call('HSET', KEYS[4], messageId, committedAt .. ' ' .. string.format('%d', nowMs + tonumber(leaseMs)) .. ' ' .. mode .. payload)
        return {'dup', currentVersion, currentState, nowMicros, payload}
      end
    end
    return {'dup', currentVersion, currentState, nowMicros}
  end
end

if currentVersion ~= tonumber(ARGV[2]) then
  return {'conflict', currentVersion, currentState, nowMicros}
end

rateMax = tonumber(rateMax)
if rateMax > 0 then
  local count = redis.call('INCR', KEYS[3])
  if count == 1 then redis.call('PEXPIRE', KEYS[3], rateWindowMs) end
  if count > rateMax then
    return {'limited', count, nowMicros}
  end
end

local newVersion = math.max(currentVersion + 1, nowMicros)
if ARGV[3] == '1' then
  redis.call('SET', stateKey, string.format('%d', newVersion) .. ':' .. ARGV[4], 'EX', ttl)
else
  redis.call('DEL', stateKey)
end

if messageId ~= '' then
  redis.call('ZADD', seenKey, nowSeconds, messageId)
  redis.call('ZREMRANGEBYSCORE', seenKey, '-inf', nowSeconds - window)
  redis.call('ZREMRANGEBYRANK', seenKey, 0, -(tonumber(maxSeenIds) + 1))
  redis.call('EXPIRE', seenKey, window)
  if ARGV[7] ~= '' then
    redis.call('HSET', KEYS[4], messageId, string.format('%d %d ', nowMs, nowMs + tonumber(leaseMs)) .. ARGV[7])
    redis.call('EXPIRE', KEYS[4], outboxTtl)
  end
end

return {'ok', newVersion, nowMicros}
`;

/** EVALSHA's name for the script (SHA-1 of its text), computed once at start-up. */
export const COMMIT_TURN_SHA = createHash('sha1').update(COMMIT_TURN_LUA).digest('hex');

export interface SessionSnapshot {
  version: number;
  data: string | null;
}

export type CommitReply =
  | { status: 'ok'; version: number; serverMicros: number }
  | { status: 'dup'; current: SessionSnapshot; serverMicros: number; pending?: string }
  | { status: 'conflict'; current: SessionSnapshot; serverMicros: number }
  | { status: 'limited'; count: number; serverMicros: number }
  | { status: 'late'; serverMicros: number };

/** Reads the script's reply; anything else means the script and this code disagree, which is a bug. */
export function parseCommitReply(reply: unknown): CommitReply {
  if (Array.isArray(reply)) {
    const [status, version, data, time, pending] = reply as [unknown, unknown, unknown, unknown, unknown];
    if (status === 'late' && typeof version === 'number' && reply.length === 2) return { status, serverMicros: version };
    if (typeof version === 'number') {
      if (typeof data === 'number' && reply.length === 3) {
        if (status === 'ok') return { status, version, serverMicros: data };
        if (status === 'limited') return { status, count: version, serverMicros: data };
      }
      if ((status === 'dup' || status === 'conflict') && (typeof data === 'string' || data === null) && typeof time === 'number') {
        if (status === 'dup' && typeof pending === 'string') return { status, current: { version, data }, serverMicros: time, pending };
        if (reply.length === 4) return { status, current: { version, data }, serverMicros: time };
      }
    }
  }
  throw new Error(`unexpected reply from the commit-turn script: ${JSON.stringify(reply)}`);
}
