using System.Text.Json;

namespace MediaAspire.Platform.Jobs;

/// <summary>pending → running → completed | failed | cancelled; running → pending when a try fails transiently.</summary>
public enum JobState { Pending, Running, Completed, Failed, Cancelled }

public static class JobKinds
{
    public const string Probe = "probe";

    /// <summary>Proxy, thumbnail, poster (and optionally an HLS ladder) from one ffmpeg run; queued after a successful probe.</summary>
    public const string Renditions = "renditions";

    /// <summary>Scene keyframes, scores and one verdict for an asset (parameters: <see cref="Verdicts.ClassifyParameters"/>).</summary>
    public const string Classify = "classify";

    /// <summary>Classifies every asset that lacks a verdict for the current model version; no asset of its own.</summary>
    public const string Backfill = "backfill";

    /// <summary>Ranks an asset's best moments (parameters: <see cref="Highlights.HighlightRequest"/>); one unfinished per asset.</summary>
    public const string Highlights = "highlights";

    /// <summary>Cuts clips from an asset, all from one download (parameters: <see cref="Clips.ClipJobParameters"/>).</summary>
    public const string Clips = "clips";

    /// <summary>Records and analyses a live stream while it is published, then stores the recording as an asset
    /// (parameters: <see cref="MediaAspire.Platform.Live.LiveJobParameters"/>); no asset until it ends.</summary>
    public const string Live = "live";

    /// <summary>Finds the tenant's brands (logos and names in on-screen text) in an asset (parameters: <see cref="Brands.BrandsRequest"/>); one unfinished per asset.</summary>
    public const string Brands = "brands";

    /// <summary>Normalises a logo file the API stored and computes its features, adding it to its brand (parameters:
    /// <see cref="Brands.LogoJobParameters"/>); the API waits for it, so adding a logo answers 201 or 400 as before.</summary>
    public const string Logo = "logo";

    /// <summary>Event types that end a job; a progress stream stops after one of these.</summary>
    public static readonly IReadOnlySet<string> FinalEventTypes = new HashSet<string> { "completed", "failed", "cancelled" };
}

public sealed record Job(
    Guid Id,
    Guid? AssetId,
    string Kind,
    JobState State,
    int Attempts,
    string? Error,
    JsonElement? Result,
    string? Stage,
    float Progress,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    bool CancelRequested,
    JsonElement? Parameters,
    Guid TenantId)
{
    /// <summary>A string field of the job's result object (e.g. the <c>code</c> a failed job leaves beside its reason); null when absent.</summary>
    public string? ResultText(string field) =>
        Result is { ValueKind: JsonValueKind.Object } result && result.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

/// <param name="Type">created, started, progress, retry, cancel_requested, completed, failed or cancelled.</param>
/// <param name="Stage">For progress events: what the worker is doing.</param>
/// <param name="Progress">For progress events: 0 to 1.</param>
public sealed record JobEvent(long Id, DateTimeOffset At, string Type, string? Message, string? Stage = null, float? Progress = null);

/// <summary>What a cancel request did.</summary>
public enum CancelOutcome { NotFound, Cancelled, Requested, AlreadyFinished }

/// <summary>What a lease renewal found.</summary>
public enum LeaseRenewal { Renewed, Lost, CancelRequested }

/// <summary>A job that PostgreSQL says should be queued but may have fallen out of Redis.</summary>
public sealed record UnfinishedJob(Guid Id, string Kind, string? QueueMessageId);

/// <param name="CompletedLastMinute">Throughput: jobs completed in the last 60 s.</param>
public sealed record JobStatistics(IReadOnlyDictionary<JobState, long> ByState, long CompletedLastMinute, long CompletedLastHour);
