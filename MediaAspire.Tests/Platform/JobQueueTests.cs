using MediaAspire.Platform.Queue;
using MediaAspire.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MediaAspire.Tests.Platform;

[Collection(ServersCollection.Name)]
public sealed class JobQueueTests(ServersFixture servers) : IAsyncLifetime
{
    private ConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString + ",allowAdmin=true");

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    private JobQueue NewQueue(TimeSpan visibility, int maxDeliveries = 5) => NewQueue(visibility, out _, maxDeliveries);

    private JobQueue NewQueue(TimeSpan visibility, out JobQueueOptions options, int maxDeliveries = 5)
    {
        options = new JobQueueOptions
        {
            StreamKey = $"test:{Guid.NewGuid():N}",
            DeadLetterStreamKey = $"test:{Guid.NewGuid():N}:dead",
            VisibilityTimeout = visibility,
            MaxDeliveries = maxDeliveries,
        };
        return new JobQueue(_redis, Options.Create(options), NullLogger<JobQueue>.Instance);
    }

    /// <summary>
    /// The next delivery to <paramref name="consumer"/>, polled for: whether a message is reclaimable is decided by
    /// Redis's clock against the visibility timeout, so the tests wait for that to happen instead of sleeping past it.
    /// </summary>
    private static Task<QueueDelivery?> NextDeliveryAsync(JobQueue queue, string consumer, string what, Func<Task>? meanwhile = null) =>
        Wait.UntilAsync(async () =>
        {
            if (meanwhile is not null) await meanwhile();
            return await queue.ReceiveAsync(consumer);
        }, delivery => delivery is not null, TimeSpan.FromSeconds(30), what, interval: TimeSpan.FromMilliseconds(50));

    /// <summary>The group's lag and pending count as Redis itself reports them (XINFO GROUPS), not as JobQueue computes anything.</summary>
    private async Task<(long Length, long? Lag, long Pending)> RedisViewAsync(JobQueueOptions options)
    {
        var db = _redis.GetDatabase();
        var group = (await db.StreamGroupInfoAsync(options.StreamKey)).Single(g => g.Name == options.ConsumerGroup);
        return (await db.StreamLengthAsync(options.StreamKey), group.Lag, group.PendingMessageCount);
    }

    [Fact]
    public async Task A_message_taken_and_never_acknowledged_is_redelivered_to_another_consumer()
    {
        // Long enough that no pause of a loaded machine between the first two receives outlasts it.
        var queue = NewQueue(TimeSpan.FromSeconds(2));
        var jobId = Guid.NewGuid();
        var messageId = await queue.EnqueueAsync(jobId, "probe");

        var first = await queue.ReceiveAsync("consumer-a");
        var meanwhile = await queue.ReceiveAsync("consumer-b");
        var second = await NextDeliveryAsync(queue, "consumer-b", "the unacknowledged message to be redelivered");

        Assert.Equal((messageId, jobId, 1L), (first!.MessageId, first.JobId, first.DeliveryCount));
        Assert.Null(meanwhile);
        Assert.Equal((messageId, jobId, 2L, false), (second!.MessageId, second.JobId, second.DeliveryCount, second.DeadLettered));
    }

    [Fact]
    public async Task An_acknowledged_message_is_not_redelivered()
    {
        var queue = NewQueue(TimeSpan.FromMilliseconds(200));
        await queue.EnqueueAsync(Guid.NewGuid(), "probe");
        var unacknowledged = await queue.EnqueueAsync(Guid.NewGuid(), "probe");

        await queue.AcknowledgeAsync((await queue.ReceiveAsync("a"))!);
        Assert.Equal(unacknowledged, (await queue.ReceiveAsync("a"))!.MessageId);
        // Once the second message, taken after the first was acknowledged and then left, is reclaimed, the first would
        // have been too (reclaiming goes oldest first) had it not been acknowledged.
        var reclaimed = await NextDeliveryAsync(queue, "b", "the unacknowledged control message to be reclaimed");
        await queue.AcknowledgeAsync(reclaimed!);

        Assert.Equal(unacknowledged, reclaimed!.MessageId);
        Assert.Null(await queue.ReceiveAsync("b"));
        Assert.Equal(0, (await queue.CountAsync()).Pending);
    }

    [Fact]
    public async Task A_heartbeat_keeps_a_live_message_from_being_reclaimed()
    {
        // Long enough that no pause of a loaded machine between a heartbeat and the next receive outlasts it.
        var queue = NewQueue(TimeSpan.FromSeconds(2));
        await queue.EnqueueAsync(Guid.NewGuid(), "probe");
        var abandoned = await queue.EnqueueAsync(Guid.NewGuid(), "probe");
        var delivery = (await queue.ReceiveAsync("a"))!;
        Assert.Equal(abandoned, (await queue.ReceiveAsync("a"))!.MessageId);

        // Heartbeats for the first message until the second, taken at the same time and left, has been reclaimed:
        // reclaiming goes oldest first, so the first would have been taken instead had its heartbeats not kept it.
        var reclaimed = await NextDeliveryAsync(queue, "b", "the message without heartbeats to be reclaimed",
            meanwhile: () => queue.ExtendAsync(delivery, "a"));
        await queue.ExtendAsync(delivery, "a");

        Assert.Equal(abandoned, reclaimed!.MessageId);
        Assert.Null(await queue.ReceiveAsync("b"));
    }

    [Fact]
    public async Task A_message_delivered_too_often_is_dead_lettered()
    {
        var queue = NewQueue(TimeSpan.FromMilliseconds(100), maxDeliveries: 2);
        var jobId = Guid.NewGuid();
        await queue.EnqueueAsync(jobId, "probe");

        var deliveries = new List<QueueDelivery?> { await queue.ReceiveAsync("consumer-0") };
        for (var i = 1; i < 3; i++) deliveries.Add(await NextDeliveryAsync(queue, $"consumer-{i}", $"delivery {i + 1} of the message nobody acknowledges"));

        Assert.Equal([false, false, true], deliveries.Select(d => d!.DeadLettered));
        Assert.Equal(3, deliveries[2]!.DeliveryCount);
        Assert.Null(await queue.ReceiveAsync("late"));
        var counts = await queue.CountAsync();
        Assert.Equal((0L, 0L, 1L), (counts.Length, counts.Pending, counts.DeadLettered));
    }

    [Fact]
    public async Task Acknowledged_messages_leave_the_stream_so_its_length_is_lag_plus_pending_and_Redis_lag_stays_exact()
    {
        var queue = NewQueue(TimeSpan.FromMinutes(5), out var options);
        var jobs = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToList();
        foreach (var job in jobs) await queue.EnqueueAsync(job, "probe");

        var first = new List<QueueDelivery>();
        foreach (var consumer in new[] { "a", "b", "c" }) first.Add((await queue.ReceiveAsync(consumer))!);
        await queue.AcknowledgeAsync(first[0]);
        await queue.AcknowledgeAsync(first[1]);
        var midway = await RedisViewAsync(options);
        var midwayCounts = await queue.CountAsync();

        var rest = new List<QueueDelivery>();
        while (await queue.ReceiveAsync("d") is { } delivery) rest.Add(delivery);
        foreach (var delivery in rest.Append(first[2])) await queue.AcknowledgeAsync(delivery);
        var drained = await RedisViewAsync(options);

        // 2 finished (deleted), 1 being worked on, 3 never delivered.
        Assert.Equal((4L, (long?)3, 1L), midway);
        Assert.Equal(new QueueCounts(4, 1, 3, 0), midwayCounts);
        Assert.Equal(jobs, first.Concat(rest).Select(d => d.JobId));
        Assert.Equal((0L, (long?)0, 0L), drained);
        Assert.Equal(new QueueCounts(0, 0, 0, 0), await queue.CountAsync());
    }

    [Fact]
    public async Task Trimming_removes_only_messages_acknowledged_but_kept_and_never_one_waiting_or_in_progress()
    {
        var queue = NewQueue(TimeSpan.FromMinutes(5), out var options);
        var db = _redis.GetDatabase();
        for (var i = 0; i < 7; i++) await queue.EnqueueAsync(Guid.NewGuid(), "probe");
        var delivered = new List<QueueDelivery>();
        for (var i = 0; i < 4; i++) delivered.Add((await queue.ReceiveAsync($"c{i}"))!);
        // What a worker that acknowledged without deleting left behind: the 1st, 2nd and 4th; the 3rd is in progress.
        foreach (var i in new[] { 0, 1, 3 }) await db.StreamAcknowledgeAsync(options.StreamKey, options.ConsumerGroup, delivered[i].MessageId);
        var before = await RedisViewAsync(options);

        var trimmed = await queue.TrimAcknowledgedAsync();
        var afterFirst = await RedisViewAsync(options);
        await queue.AcknowledgeAsync(delivered[2]);
        var trimmedAgain = await queue.TrimAcknowledgedAsync();
        var afterSecond = await RedisViewAsync(options);
        var remaining = new List<QueueDelivery>();
        while (await queue.ReceiveAsync("late") is { } delivery) remaining.Add(delivery);

        Assert.Equal((7L, (long?)3, 1L), before);
        // Only what lies before the oldest message in progress can go: the 4th waits for the 3rd.
        Assert.Equal(2, trimmed);
        Assert.Equal((5L, (long?)3, 1L), afterFirst);
        Assert.Equal(1, trimmedAgain);
        Assert.Equal((3L, (long?)3, 0L), afterSecond);
        Assert.Equal(3, remaining.Count);
        Assert.All(remaining, d => Assert.Equal(1, d.DeliveryCount));
    }

    [Fact]
    public async Task The_consumer_group_is_recreated_after_Redis_loses_it()
    {
        var queue = NewQueue(TimeSpan.FromSeconds(5));
        var stale = await queue.EnqueueAsync(Guid.NewGuid(), "probe");
        Assert.NotNull(await queue.ReceiveAsync("a"));

        await _redis.GetDatabase().ExecuteAsync("FLUSHALL");
        var jobId = Guid.NewGuid();
        await queue.EnqueueAsync(jobId, "probe");

        Assert.False(await queue.ContainsAsync(stale));
        Assert.Equal(jobId, (await queue.ReceiveAsync("a"))!.JobId);
    }
}
