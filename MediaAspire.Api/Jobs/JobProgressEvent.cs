using MediaAspire.Platform.Jobs;

namespace MediaAspire.Api.Jobs;

/// <summary>One event of a job's progress stream (the SSE <c>data</c>), with the state the job is in after it.</summary>
public sealed record JobProgressEvent(long Id, Guid JobId, string Type, JobState State, string? Stage, float? Progress, string? Message, DateTimeOffset At)
{
    public static JobProgressEvent From(Guid jobId, JobEvent e) =>
        new(e.Id, jobId, e.Type, StateAfter(e.Type), e.Stage, e.Progress, e.Message, e.At);

    private static JobState StateAfter(string type) => type switch
    {
        "created" or "retry" => JobState.Pending,
        "completed" => JobState.Completed,
        "failed" => JobState.Failed,
        "cancelled" => JobState.Cancelled,
        _ => JobState.Running,
    };
}
