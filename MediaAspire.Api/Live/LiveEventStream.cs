using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MediaAspire.Platform.Live;

namespace MediaAspire.Api.Live;

/// <summary>
/// Follows a live stream's events in Redis (<see cref="LiveEventLog"/>) as Server-Sent Events, from the start or after
/// <c>Last-Event-ID</c>, until the <c>ended</c> event. Each SSE id is the Redis entry id, so a reconnect resumes exactly.
/// </summary>
internal static class LiveEventStream
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async IAsyncEnumerable<SseItem<JsonElement>> FollowAsync(Guid streamId, string? afterId, LiveEventLog log,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = afterId;
        while (true)
        {
            var events = await log.ReadAsync(streamId, after);
            foreach (var e in events)
            {
                after = e.Id;
                yield return new SseItem<JsonElement>(e.Data, e.Type) { EventId = e.Id };
                if (e.Type == LiveEventTypes.Ended) yield break;
            }
            // StackExchange.Redis has no blocking XREAD: poll, briefly (an event is due every segment while live).
            if (events.Count == 0) await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
