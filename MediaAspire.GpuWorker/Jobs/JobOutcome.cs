using MediaAspire.Platform.Database;
using MediaAspire.Platform.Jobs;

namespace MediaAspire.GpuWorker.Jobs;

/// <param name="Persist">Writes the outcome's side effects (e.g. onto the asset) in the same transaction
/// that finishes the job, so a result is either wholly committed or not at all.</param>
/// <param name="FollowUpKinds">Jobs to create for the same asset in that transaction and queue after it commits.</param>
public sealed record JobOutcome(
    JobState State,
    object? Result,
    string? Error,
    TransactionWrite? Persist,
    IReadOnlyList<string> FollowUpKinds)
{
    /// <summary>Jobs to create for other assets the job made (a clips job's clips), like <see cref="FollowUpKinds"/>.</summary>
    public IReadOnlyList<(Guid AssetId, string Kind)> FollowUpsOfOtherAssets { get; init; } = [];

    /// <summary>Undoes what the handler did ahead of the commit (files stored, quota reserved) when the outcome is not
    /// recorded because the job was taken from this worker (its lease ran out and another worker holds it now).</summary>
    public Func<Task>? Abandon { get; init; }

    /// <summary>Runs once the outcome is committed: announcing what the job made (a live session's recording), so that
    /// whoever hears of it can fetch it at once.</summary>
    public Func<Task>? Committed { get; init; }

    public static JobOutcome Completed(object result, TransactionWrite? persist = null,
        IReadOnlyList<string>? followUpKinds = null) =>
        new(JobState.Completed, result, null, persist, followUpKinds ?? []);

    /// <param name="result">Machine-readable detail of the failure (e.g. a code), kept as the job's result beside the reason.</param>
    public static JobOutcome Failed(string reason, TransactionWrite? persist = null, object? result = null) =>
        new(JobState.Failed, result, reason, persist, []);
}
