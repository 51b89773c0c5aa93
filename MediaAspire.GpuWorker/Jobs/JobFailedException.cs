namespace MediaAspire.GpuWorker.Jobs;

/// <summary>A failure retrying cannot fix (no room to work, a stage that ran out of time): the runner ends
/// the job <c>failed</c> with this message instead of handing it back to the queue.</summary>
public sealed class JobFailedException(string reason) : Exception(reason);
