using MediaAspire.Platform.Jobs;
using Npgsql;

namespace MediaAspire.GpuWorker.Jobs;

/// <summary>Runs one kind of job. An exception means "transient, try again"; a problem with the input
/// itself is a <see cref="JobOutcome.Failed"/> outcome, which is final.</summary>
public interface IJobHandler
{
    string Kind { get; }

    Task<JobOutcome> HandleAsync(JobContext context, CancellationToken cancellationToken);

    /// <summary>
    /// What this job failing for good means for its asset, written in the transaction that fails the job. The
    /// runner applies it however the job fails — a failed outcome, a <see cref="JobFailedException"/>, a message
    /// dead-lettered after too many deliveries — so the asset cannot be left looking unfinished. Null leaves the asset alone.
    /// </summary>
    Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>? OnFailed(Job job, string reason) => null;
}

/// <summary>The running job and a way to report where it is (throttled by the runner; report freely).</summary>
public sealed record JobContext(Job Job, Func<string, float, Task> ReportProgressAsync);

/// <param name="Persist">Writes the outcome's side effects (e.g. onto the asset) in the same transaction
/// that finishes the job, so a result is either wholly committed or not at all.</param>
/// <param name="FollowUpKinds">Jobs to create for the same asset in that transaction and queue after it commits.</param>
public sealed record JobOutcome(
    JobState State,
    object? Result,
    string? Error,
    Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>? Persist,
    IReadOnlyList<string> FollowUpKinds)
{
    public static JobOutcome Completed(object result, Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>? persist = null,
        IReadOnlyList<string>? followUpKinds = null) =>
        new(JobState.Completed, result, null, persist, followUpKinds ?? []);

    /// <param name="result">Machine-readable detail of the failure (e.g. a code), kept as the job's result beside the reason.</param>
    public static JobOutcome Failed(string reason, Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>? persist = null, object? result = null) =>
        new(JobState.Failed, result, reason, persist, []);
}
