using MediaAspire.Platform.Live;

namespace MediaAspire.Api.Live;

/// <summary>POST /api/live's request.</summary>
public sealed record CreateLiveStreamRequest(string Name);

/// <summary>POST /api/live's answer: the key is shown only here (its ingest URL carries it).</summary>
/// <param name="IngestUrl">The full RTMP URL to push to (OBS: server <c>rtmp://…/live</c>, stream key <c>StreamKey</c>).</param>
/// <param name="HlsUrl">The master playlist while live (and after, until the recording is an asset).</param>
/// <param name="EventsUrl">Server-Sent Events of the analysis, in media time.</param>
public sealed record LiveStreamCreated(Guid Id, string Name, string StreamKey, string IngestUrl, string HlsUrl, string EventsUrl);

/// <param name="State">idle, live or ended.</param>
/// <param name="AssetId">The recording's asset, once the ended session has been stored.</param>
/// <param name="Failure">Why a publisher was refused or the session could not be recorded; null when nothing went wrong.</param>
/// <param name="ResumeUntil">While a live session's publisher is away: until when it may come back (push to the same
/// ingest URL) and carry on the session; after it the session ends. Null while a publisher is connected.</param>
public sealed record LiveStreamResponse(
    Guid Id,
    string Name,
    LiveState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    bool Revoked,
    Guid? AssetId,
    Guid? JobId,
    string? Failure,
    DateTimeOffset? ResumeUntil,
    string HlsUrl,
    string EventsUrl)
{
    public static LiveStreamResponse From(LiveStream s) => new(s.Id, s.Name, s.State, s.CreatedAt, s.StartedAt, s.EndedAt,
        s.RevokedAt is not null, s.AssetId, s.JobId, s.Failure, s.ResumeUntil, HlsUrlOf(s.Id), EventsUrlOf(s.Id));

    public static string HlsUrlOf(Guid id) => $"/api/live/{id}/hls/master.m3u8";

    public static string EventsUrlOf(Guid id) => $"/api/live/{id}/events";
}
