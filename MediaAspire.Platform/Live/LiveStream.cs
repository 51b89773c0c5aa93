namespace MediaAspire.Platform.Live;

/// <summary>idle (created, never published) → live (its publisher admitted; it may leave and come back within a grace
/// period) → ended (publisher gone for good, or key revoked).</summary>
public enum LiveState { Idle, Live, Ended }

/// <param name="StreamKey">The secret part of the ingest URL (<c>rtmp://…/live/&lt;key&gt;</c>); whoever holds it may publish once.</param>
/// <param name="JobId">The worker's job that records and analyses the session, once it is live.</param>
/// <param name="AssetId">The recording, once the ended session has been stored as an asset.</param>
/// <param name="Failure">Why the session was refused or could not be recorded, for people.</param>
/// <param name="ResumeUntil">While the live session's publisher is away: until when it may come back and carry on the session.</param>
/// <param name="Publishes">How many times a publisher was admitted to the session (the first, then each that came back).</param>
public sealed record LiveStream(
    Guid Id,
    Guid TenantId,
    string Name,
    string StreamKey,
    LiveState State,
    Guid? JobId,
    Guid? AssetId,
    string? Failure,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? ResumeUntil,
    int Publishes);
