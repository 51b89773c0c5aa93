using MediaAspire.Platform.Jobs;

namespace MediaAspire.GpuWorker.Jobs;

/// <summary>The running job and a way to report where it is (throttled by the runner; report freely).</summary>
public sealed record JobContext(Job Job, Func<string, float, Task> ReportProgressAsync);
