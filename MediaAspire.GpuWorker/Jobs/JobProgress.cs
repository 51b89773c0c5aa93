namespace MediaAspire.GpuWorker.Jobs;

/// <summary>
/// Reports a pipeline stage's progress as the job's progress, in order and without blocking the reporter.
/// Each write is chained after the previous one: two writes cannot overtake each other (so the job's
/// progress never steps backwards), and the stage's thread never waits on PostgreSQL. Blocking instead
/// starved the thread pool when two jobs reported at once (each report parked a pool thread on a write
/// that needed a pool thread to finish).
/// </summary>
public sealed class JobProgress<T>(JobContext context, Func<T, (string Stage, double Fraction)> map) : IProgress<T>
{
    private readonly Lock _gate = new();
    private Task _last = Task.CompletedTask;

    public void Report(T value)
    {
        var (stage, fraction) = map(value);
        lock (_gate)
            _last = _last.ContinueWith(_ => context.ReportProgressAsync(stage, (float)fraction), TaskScheduler.Default).Unwrap();
    }

    /// <summary>Completes when every report so far is written (failures included: progress is best effort).</summary>
    public Task FlushAsync()
    {
        lock (_gate) return _last.ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
