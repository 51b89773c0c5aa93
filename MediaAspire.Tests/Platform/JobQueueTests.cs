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
        var queue = NewQueue(TimeSpan.FromMilliseconds(300));
        var jobId = Guid.NewGuid();
        var messageId = await queue.EnqueueAsync(jobId, "probe");

        var first = await queue.ReceiveAsync("consumer-a");
        var meanwhile = await queue.ReceiveAsync("consumer-b");
        await Task.Delay(500);
        var second = await queue.ReceiveAsync("consumer-b");

        Assert.Equal((messageId, jobId, 1L), (first!.MessageId, first.JobId, first.DeliveryCount));
        Assert.Null(meanwhile);
        Assert.Equal((messageId, jobId, 2L, false), (second!.MessageId, second.JobId, second.DeliveryCount, second.DeadLettered));
    }

    [Fact]
    public async Task An_acknowledged_message_is_not_redelivered()
    {
        var queue = NewQueue(TimeSpan.FromMilliseconds(200));
        await queue.EnqueueAsync(Guid.NewGuid(), "probe");

        await queue.AcknowledgeAsync((await queue.ReceiveAsync("a"))!);
        await Task.Delay(300);

        Assert.Null(await queue.ReceiveAsync("b"));
        Assert.Equal(0, (await queue.CountAsync()).Pending);
    }

    [Fact]
    public async Task A_heartbeat_keeps_a_live_message_from_being_reclaimed()
    {
        var queue = NewQueue(TimeSpan.FromMilliseconds(400));
        await queue.EnqueueAsync(Guid.NewGuid(), "probe");
        var delivery = (await queue.ReceiveAsync("a"))!;

        for (var i = 0; i < 4; i++)
        {
            await Task.Delay(150);
            await queue.ExtendAsync(delivery, "a");
        }

        Assert.Null(await queue.ReceiveAsync("b"));
    }

    [Fact]
    public async Task A_message_delivered_too_often_is_dead_lettered()
    {
        var queue = NewQueue(TimeSpan.FromMilliseconds(100), maxDeliveries: 2);
        var jobId = Guid.NewGuid();
        await queue.EnqueueAsync(jobId, "probe");

        var deliveries = new List<QueueDelivery?>();
        for (var i = 0; i < 3; i++)
        {
            deliveries.Add(await queue.ReceiveAsync($"consumer-{i}"));
            await Task.Delay(150);
        }

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
