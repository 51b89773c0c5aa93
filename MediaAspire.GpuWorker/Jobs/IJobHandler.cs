using MediaAspire.Platform.Database;
using MediaAspire.Platform.Jobs;

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
    TransactionWrite? OnFailed(Job job, string reason) => null;
}
