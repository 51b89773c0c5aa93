using System.Collections.Concurrent;
using StackExchange.Redis;

namespace MediaAspire.Platform.Live;

/// <summary>
/// Tells the worker recording a stream that its publisher is gone (or its key revoked), through Redis pub/sub.
/// PostgreSQL holds the ended state too, so a lost message only delays the end until the recorder's next look.
/// </summary>
public sealed class LiveSignals(IConnectionMultiplexer redis)
{
    private static readonly RedisChannel EndedChannel = RedisChannel.Literal("mediaaspire:live:ended");

    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _watched = new();
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private bool _subscribed;

    public Task PublishEndedAsync(Guid streamId) =>
        redis.GetSubscriber().PublishAsync(EndedChannel, streamId.ToString(), CommandFlags.FireAndForget);

    /// <summary>A task that completes when <paramref name="streamId"/>'s end is announced; dispose the watch to stop watching.</summary>
    public async Task<EndWatch> WatchAsync(Guid streamId)
    {
        await _subscribing.WaitAsync();
        try
        {
            if (!_subscribed)
            {
                // One subscription per process, however many streams it records.
                await redis.GetSubscriber().SubscribeAsync(EndedChannel, (_, message) =>
                {
                    if (Guid.TryParse(message.ToString(), out var id) && _watched.TryGetValue(id, out var ended)) ended.TrySetResult();
                });
                _subscribed = true;
            }
        }
        finally
        {
            _subscribing.Release();
        }
        var watch = _watched.GetOrAdd(streamId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return new EndWatch(watch.Task, () => _watched.TryRemove(streamId, out _));
    }

    public sealed class EndWatch(Task ended, Action stop) : IDisposable
    {
        public Task Ended { get; } = ended;

        public void Dispose() => stop();
    }
}
