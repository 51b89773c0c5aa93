using System.Text.Json;

namespace MediaAspire.Platform.Jobs;

/// <summary>pending → running → completed | failed | cancelled; running → pending when a try fails transiently.</summary>
public enum JobState { Pending, Running, Completed, Failed, Cancelled }

public static class JobKinds
{
    public const string Probe = "probe";
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
    DateTimeOffset? FinishedAt);

public sealed record JobEvent(long Id, DateTimeOffset At, string Type, string? Message);

/// <summary>A job that PostgreSQL says should be queued but may have fallen out of Redis.</summary>
public sealed record UnfinishedJob(Guid Id, string Kind, string? QueueMessageId);

/// <param name="CompletedLastMinute">Throughput: jobs completed in the last 60 s.</param>
public sealed record JobStatistics(IReadOnlyDictionary<JobState, long> ByState, long CompletedLastMinute, long CompletedLastHour);
