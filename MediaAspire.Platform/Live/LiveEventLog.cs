using System.Text.Json;
using System.Text.Json.Nodes;
using MediaAspire.Platform.Json;
using StackExchange.Redis;

namespace MediaAspire.Platform.Live;

/// <summary>
/// Each live stream's events in a Redis stream of its own (<c>mediaaspire:live:{id}:events</c>): the worker appends,
/// any API replica reads from any point, so a client that reconnects with <c>Last-Event-ID</c> misses nothing. The
/// key expires a day after its last event, so ended streams do not keep Redis memory.
/// </summary>
public sealed class LiveEventLog(IConnectionMultiplexer redis)
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    private IDatabase Db => redis.GetDatabase();

    public static RedisKey KeyOf(Guid streamId) => $"mediaaspire:live:{streamId}:events";

    /// <summary>Appends an event, stamped with <c>emitted_at</c> (now, UTC); its id.</summary>
    /// <param name="data">An object serialised with the platform's JSON shape (snake_case).</param>
    public async Task<string> AppendAsync(Guid streamId, string type, object data)
    {
        var json = JsonSerializer.SerializeToNode(data, PlatformJson.Options)!.AsObject();
        json["emitted_at"] = DateTimeOffset.UtcNow;
        var key = KeyOf(streamId);
        var id = await Db.StreamAddAsync(key, [new NameValueEntry("type", type), new NameValueEntry("data", json.ToJsonString())]);
        await Db.KeyExpireAsync(key, Retention, CommandFlags.FireAndForget);
        return id.ToString();
    }

    /// <summary>Up to <paramref name="count"/> events after <paramref name="afterId"/> (null: from the first).</summary>
    public async Task<IReadOnlyList<LiveEvent>> ReadAsync(Guid streamId, string? afterId, int count = 200)
    {
        // "(id" is an exclusive start (Redis 6.2+).
        var entries = await Db.StreamRangeAsync(KeyOf(streamId), afterId is null ? "-" : "(" + afterId, "+", count);
        return [.. entries.Select(e => new LiveEvent(e.Id.ToString(), e["type"].ToString(), JsonDocument.Parse(e["data"].ToString()).RootElement.Clone()))];
    }

    /// <summary>Whether <paramref name="id"/> has the shape of a stream entry id (<c>ms-seq</c>), as a Last-Event-ID must.</summary>
    public static bool IsEventId(string? id)
    {
        var dash = id?.IndexOf('-') ?? -1;
        return dash > 0 && ulong.TryParse(id.AsSpan(0, dash), out _) && ulong.TryParse(id.AsSpan(dash + 1), out _);
    }
}
