using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MediaAspire.Platform.Jobs;
using StackExchange.Redis;

namespace MediaAspire.Platform.Queue;

/// <summary>
/// The work queue: a Redis stream read through a consumer group. Delivery is at-least-once: a
/// consumer acknowledges only after the job's result is committed in PostgreSQL; a message left
/// unacknowledged past the visibility timeout is reclaimed (XAUTOCLAIM) by another consumer; after
/// <see cref="JobQueueOptions.MaxDeliveries"/> it goes to the dead-letter stream.
/// StackExchange.Redis has no blocking reads, so consumers poll (see the worker's backoff).
/// <para>The stream stays bounded: a message is deleted when it is acknowledged, so the stream holds exactly
/// the unfinished messages, those waiting (the group's lag) and those delivered (its pending entries), and its
/// length is what an autoscaler should size the workers on. Only delivered messages are ever deleted: trimming
/// by length (<c>XTRIM MAXLEN</c>) would drop messages nobody has read and, on Redis 7.0, leave the group's
/// <c>lag</c> wrong.</para>
/// </summary>
public sealed class JobQueue(IConnectionMultiplexer redis, IOptions<JobQueueOptions> options, ILogger<JobQueue> logger)
{
    private readonly JobQueueOptions _options = options.Value;
    private IDatabase Db => redis.GetDatabase();

    public async Task<string> EnqueueAsync(Guid jobId, string kind)
    {
        // The trace of whoever queued the job (the API's request, or the job that asked for a follow-up) goes along,
        // so the worker's spans join it.
        var (traceParent, traceState) = JobTelemetry.CurrentContext();
        List<NameValueEntry> fields = [new("job_id", jobId.ToString()), new("kind", kind)];
        if (traceParent is not null) fields.Add(new("traceparent", traceParent));
        if (traceState is not null) fields.Add(new("tracestate", traceState));
        var id = await Db.StreamAddAsync(_options.StreamKey, [.. fields]);
        // Wakes idle consumers now instead of at their next poll; losing this is harmless.
        await redis.GetSubscriber().PublishAsync(EnqueuedChannel, id.ToString(), CommandFlags.FireAndForget);
        return id.ToString();
    }

    public Task SubscribeToEnqueuedAsync(Action onEnqueued) =>
        redis.GetSubscriber().SubscribeAsync(EnqueuedChannel, (_, _) => onEnqueued());

    private RedisChannel EnqueuedChannel => RedisChannel.Literal(_options.StreamKey + ":enqueued");

    /// <summary>Tells every worker that <paramref name="jobId"/> should stop now. PostgreSQL holds the request
    /// too (workers also see it when they renew the lease), so a lost message only delays the cancel.</summary>
    public Task PublishCancelAsync(Guid jobId) =>
        redis.GetSubscriber().PublishAsync(CancelChannel, jobId.ToString(), CommandFlags.FireAndForget);

    public Task SubscribeToCancelAsync(Action<Guid> onCancel) =>
        redis.GetSubscriber().SubscribeAsync(CancelChannel, (_, message) =>
        {
            if (Guid.TryParse(message.ToString(), out var jobId)) onCancel(jobId);
        });

    private RedisChannel CancelChannel => RedisChannel.Literal(_options.StreamKey + ":cancel");

    /// <summary>
    /// The next message for <paramref name="consumer"/>: first one stuck with a dead consumer, else a
    /// new one; null when there is none.
    /// </summary>
    public async Task<QueueDelivery?> ReceiveAsync(string consumer)
    {
        return await WithGroupAsync(async () =>
            await ReclaimStuckAsync(consumer) ?? await ReadNewAsync(consumer));
    }

    /// <summary>Acknowledges and deletes the message in one MULTI, so none is left acknowledged but kept.</summary>
    public Task AcknowledgeAsync(QueueDelivery delivery) => AcknowledgeAsync(delivery.MessageId);

    private async Task AcknowledgeAsync(RedisValue messageId, params NameValueEntry[] deadLetter)
    {
        var transaction = Db.CreateTransaction();
        var sent = new List<Task>();
        if (deadLetter.Length > 0) sent.Add(transaction.StreamAddAsync(_options.DeadLetterStreamKey, deadLetter));
        sent.Add(transaction.StreamAcknowledgeAsync(_options.StreamKey, _options.ConsumerGroup, messageId));
        sent.Add(transaction.StreamDeleteAsync(_options.StreamKey, [messageId]));
        await transaction.ExecuteAsync();
        await Task.WhenAll(sent);
    }

    /// <summary>
    /// Removes messages acknowledged but never deleted (left by a version that did not delete on acknowledge):
    /// everything older than both the oldest delivered-unacknowledged message and the first undelivered one.
    /// Nothing waiting or being worked on is touched, and the group's lag stays exact.
    /// </summary>
    /// <returns>How many messages were removed.</returns>
    public async Task<long> TrimAcknowledgedAsync()
    {
        try
        {
            var group = (await Db.StreamGroupInfoAsync(_options.StreamKey)).FirstOrDefault(g => g.Name == _options.ConsumerGroup);
            if (group.Name is null || !MessageId.TryParse(group.LastDeliveredId, out var lastDelivered)) return 0;
            var pending = await Db.StreamPendingAsync(_options.StreamKey, _options.ConsumerGroup);
            // XTRIM MINID keeps the given id and everything after it.
            var keepFrom = pending.PendingMessageCount > 0 && MessageId.TryParse(pending.LowestPendingMessageId.ToString(), out var oldest)
                ? oldest
                : lastDelivered.Next;
            return await Db.StreamTrimByMinIdAsync(_options.StreamKey, keepFrom.ToString());
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal) || e.Message.StartsWith("ERR no such key", StringComparison.Ordinal))
        {
            return 0;
        }
    }

    /// <summary>
    /// Heartbeat for a message still being worked on: re-claiming it for the same consumer resets its
    /// idle time without counting a delivery (XCLAIM JUSTID), so nobody reclaims a live job.
    /// </summary>
    public Task ExtendAsync(QueueDelivery delivery, string consumer) =>
        Db.StreamClaimIdsOnlyAsync(_options.StreamKey, _options.ConsumerGroup, consumer, 0, [delivery.MessageId]);

    /// <summary>A stream entry id, <c>milliseconds-sequence</c>.</summary>
    private readonly record struct MessageId(ulong Milliseconds, ulong Sequence)
    {
        public MessageId Next => new(Milliseconds, Sequence + 1);

        public override string ToString() => $"{Milliseconds}-{Sequence}";

        public static bool TryParse(string? id, out MessageId parsed)
        {
            parsed = default;
            var dash = id?.IndexOf('-') ?? -1;
            if (dash <= 0 || !ulong.TryParse(id.AsSpan(0, dash), out var milliseconds) || !ulong.TryParse(id.AsSpan(dash + 1), out var sequence)) return false;
            parsed = new MessageId(milliseconds, sequence);
            return true;
        }
    }

    /// <summary>Whether the stream still holds the message (false after a flush or trim).</summary>
    public async Task<bool> ContainsAsync(string messageId)
    {
        var entries = await Db.StreamRangeAsync(_options.StreamKey, messageId, messageId, 1);
        return entries.Length == 1;
    }

    public async Task<QueueCounts> CountAsync()
    {
        var length = await Db.StreamLengthAsync(_options.StreamKey);
        var deadLettered = await Db.StreamLengthAsync(_options.DeadLetterStreamKey);
        if (length == 0) return new QueueCounts(0, 0, 0, deadLettered);
        var groups = await Db.StreamGroupInfoAsync(_options.StreamKey);
        var group = groups.FirstOrDefault(g => g.Name == _options.ConsumerGroup);
        // No group yet (no worker has read): everything is waiting.
        return group.Name is null
            ? new QueueCounts(length, 0, length, deadLettered)
            : new QueueCounts(length, group.PendingMessageCount, group.Lag, deadLettered);
    }

    private async Task<QueueDelivery?> ReadNewAsync(string consumer)
    {
        var entries = await Db.StreamReadGroupAsync(_options.StreamKey, _options.ConsumerGroup, consumer, ">", count: 1);
        return entries.Length == 0 ? null : ToDelivery(entries[0], deliveryCount: 1, deadLettered: false);
    }

    private async Task<QueueDelivery?> ReclaimStuckAsync(string consumer)
    {
        var claimed = await Db.StreamAutoClaimAsync(_options.StreamKey, _options.ConsumerGroup, consumer,
            (long)_options.VisibilityTimeout.TotalMilliseconds, "0-0", count: 1);
        if (claimed.ClaimedEntries.Length == 0) return null;

        var entry = claimed.ClaimedEntries[0];
        var pending = await Db.StreamPendingMessagesAsync(_options.StreamKey, _options.ConsumerGroup, 1, consumer, entry.Id, entry.Id);
        var deliveries = pending.Length == 1 ? pending[0].DeliveryCount : _options.MaxDeliveries + 1;
        if (deliveries <= _options.MaxDeliveries) return ToDelivery(entry, deliveries, deadLettered: false);

        // The same message has now taken down (or outlived) MaxDeliveries consumers: park it.
        var reason = $"gave up after {deliveries - 1} deliveries";
        await AcknowledgeAsync(entry.Id, [.. entry.Values, new NameValueEntry("original_id", entry.Id), new NameValueEntry("reason", reason)]);
        logger.LogWarning("Dead-lettered queue message {MessageId}: {Reason}", entry.Id.ToString(), reason);
        return ToDelivery(entry, deliveries, deadLettered: true);
    }

    /// <summary>Creates the consumer group on first use and again after Redis lost it (restart, FLUSHALL).</summary>
    private async Task<T> WithGroupAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            try
            {
                await Db.StreamCreateConsumerGroupAsync(_options.StreamKey, _options.ConsumerGroup, "0", createStream: true);
            }
            catch (RedisServerException busy) when (busy.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
            {
                // Another consumer created it first.
            }
            return await action();
        }
    }

    private static QueueDelivery ToDelivery(StreamEntry entry, long deliveryCount, bool deadLettered) => new(
        entry.Id.ToString(),
        Guid.TryParse(entry["job_id"].ToString(), out var jobId) ? jobId : Guid.Empty,
        entry["kind"].ToString(),
        deliveryCount,
        deadLettered,
        entry["traceparent"].IsNull ? null : entry["traceparent"].ToString(),
        entry["tracestate"].IsNull ? null : entry["tracestate"].ToString());
}

/// <param name="Length">Messages in the stream: the unfinished ones (acknowledged messages are deleted), Lag + Pending.</param>
/// <param name="Pending">Delivered but not yet acknowledged (being worked on, or held by a dead worker).</param>
/// <param name="Lag">Not yet delivered to any worker; null when Redis cannot tell (see XINFO GROUPS).</param>
public sealed record QueueCounts(long Length, long Pending, long? Lag, long DeadLettered);
