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

    private JobQueue NewQueue(TimeSpan visibility, int maxDeliveries = 5) => new(_redis, Options.Create(new JobQueueOptions
    {
        StreamKey = $"test:{Guid.NewGuid():N}",
        DeadLetterStreamKey = $"test:{Guid.NewGuid():N}:dead",
        VisibilityTimeout = visibility,
        MaxDeliveries = maxDeliveries,
    }), NullLogger<JobQueue>.Instance);

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
        Assert.Equal((0L, 1L), (counts.Pending, counts.DeadLettered));
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
