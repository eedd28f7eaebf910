namespace ScriptService.Jobs.Redis;

/// <summary>
/// The Lua scripts that make each multi-key step atomic: Redis runs a script whole, with nothing in between, and writes
/// it to the append-only file and to replicas as one unit. StackExchange.Redis sends each by its SHA once loaded.
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// Creates a job and queues it, or answers with the job already there. KEYS: job, queue. ARGV: request, now (ms),
    /// name. Returns <c>{'existing', request, state, result, created, updated}</c> or <c>{'created', entry}</c>.
    /// </summary>
    public const string Create = """
        local existing = redis.call('HMGET', KEYS[1], 'request', 'state', 'result', 'created', 'updated')
        if existing[1] then
          return {'existing', existing[1], existing[2], existing[3] or '', existing[4], existing[5]}
        end
        local entry = redis.call('XADD', KEYS[2], '*', 'job', ARGV[3])
        redis.call('HSET', KEYS[1], 'request', ARGV[1], 'state', 'queued', 'created', ARGV[2], 'updated', ARGV[2], 'entry', entry)
        return {'created', entry}
        """;

    /// <summary>
    /// How many jobs wait for a worker: the queue's entries less those a worker has taken. KEYS: queue. ARGV: group.
    /// </summary>
    public const string Waiting = """
        local length = redis.call('XLEN', KEYS[1])
        local pending = redis.pcall('XPENDING', KEYS[1], ARGV[1])
        if type(pending) == 'table' and not pending.err then return length - pending[1] end
        return length
        """;

    /// <summary>
    /// Moves an unfinished job to running, naming the node. KEYS: job. ARGV: now (ms), node. Returns the state it found
    /// (false when there is no job).
    /// </summary>
    public const string MarkRunning = """
        local state = redis.call('HGET', KEYS[1], 'state')
        if state == 'queued' or state == 'running' then
          redis.call('HSET', KEYS[1], 'state', 'running', 'updated', ARGV[1], 'node', ARGV[2])
        end
        return state
        """;

    /// <summary>
    /// Stores a job's outcome if it has none yet, and in any case takes its entry off the queue (acknowledged, then
    /// deleted): storing and acknowledging are one step, so an entry is never acknowledged without its outcome stored,
    /// and a second completion (a job taken over from a node that came back) changes nothing. KEYS: job, queue.
    /// ARGV: group, state, result, now (ms), retention (ms). Returns 1 when this call stored the outcome (or had stored
    /// this very result, when it is tried again after its answer was lost), 0 when the job already had another one,
    /// -1 when there is no job.
    /// </summary>
    public const string Complete = """
        local found = redis.call('HMGET', KEYS[1], 'state', 'entry')
        local state = found[1]
        if not state then return -1 end
        local stored = 0
        if state == 'queued' or state == 'running' then
          redis.call('HSET', KEYS[1], 'state', ARGV[2], 'result', ARGV[3], 'updated', ARGV[4])
          redis.call('HDEL', KEYS[1], 'node')
          redis.call('PEXPIRE', KEYS[1], ARGV[5])
          stored = 1
        elseif redis.call('HGET', KEYS[1], 'result') == ARGV[3] then
          stored = 1
        end
        if found[2] then
          redis.pcall('XACK', KEYS[2], ARGV[1], found[2])
          redis.call('XDEL', KEYS[2], found[2])
        end
        return stored
        """;

    /// <summary>
    /// Takes an entry off the queue whose job needs no run (finished already, or gone). KEYS: queue. ARGV: group, entry.
    /// </summary>
    public const string Drop = """
        redis.pcall('XACK', KEYS[1], ARGV[1], ARGV[2])
        return redis.call('XDEL', KEYS[1], ARGV[2])
        """;

    /// <summary>
    /// The heartbeat: renews this node's claim on each entry it still holds (its idle time back to zero), and names the
    /// entries it no longer holds, apart: those another consumer holds now (taken over), and those no consumer holds
    /// (finished, by this node's own completion since the last beat or by another node, or gone with a Redis that lost
    /// its data). KEYS: queue. ARGV: group, consumer, entries. Returns <c>{taken, gone}</c>.
    /// </summary>
    public const string Renew = """
        local taken = {}
        local gone = {}
        for i = 3, #ARGV do
          local mine = redis.pcall('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1, ARGV[2])
          if type(mine) == 'table' and not mine.err and #mine == 1 then
            redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
          else
            local any = redis.pcall('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
            if type(any) == 'table' and not any.err and #any == 1 then
              taken[#taken + 1] = ARGV[i]
            else
              gone[#gone + 1] = ARGV[i]
            end
          end
        end
        return {taken, gone}
        """;

    /// <summary>
    /// Hands an entry this node holds back to the other nodes at once (a node stopping with a job it did not finish):
    /// its idle time is set past the takeover threshold, so the next node that looks takes it over, in its place in the
    /// queue. KEYS: queue. ARGV: group, consumer, entry, idle (ms). Returns 1 if it was this node's.
    /// </summary>
    public const string Release = """
        local mine = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1, ARGV[2])
        if #mine == 0 then return 0 end
        redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'IDLE', ARGV[4], 'JUSTID')
        return 1
        """;

    /// <summary>
    /// Removes a consumer that holds no entry (a node gone for good), so that the group does not collect every process
    /// that ever ran. Removing one that holds nothing loses nothing, even if it is alive: its next read recreates it.
    /// KEYS: queue. ARGV: group, consumer. Returns 1 if removed.
    /// </summary>
    public const string RemoveIdleConsumer = """
        local held = redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 1, ARGV[2])
        if #held > 0 then return 0 end
        redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
        return 1
        """;
}
