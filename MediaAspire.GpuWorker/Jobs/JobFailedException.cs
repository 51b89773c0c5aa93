namespace MediaAspire.GpuWorker.Jobs;

/// <summary>A failure retrying cannot fix (no room to work, a stage that ran out of time): the runner ends
/// the job <c>failed</c> with this message instead of handing it back to the queue.</summary>
/// <param name="cause">What failed underneath (e.g. ffmpeg, whose error output may say the disk is full: <see cref="DiskFull"/>).</param>
public sealed class JobFailedException(string reason, Exception? cause = null) : Exception(reason, cause);
