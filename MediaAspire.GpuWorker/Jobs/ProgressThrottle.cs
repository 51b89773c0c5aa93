namespace MediaAspire.GpuWorker.Jobs;

/// <summary>
/// Passes progress on at most once per <paramref name="interval"/>, but always when the stage changes:
/// ffmpeg reports several times a second and every report is a PostgreSQL write plus a job event.
/// </summary>
public sealed class ProgressThrottle(Func<string, float, Task> write, TimeSpan interval, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _stage;
    private long _lastWrite;

    public async Task ReportAsync(string stage, float progress)
    {
        await _gate.WaitAsync();
        try
        {
            var now = _time.GetTimestamp();
            if (stage == _stage && _time.GetElapsedTime(_lastWrite, now) < interval) return;
            _stage = stage;
            _lastWrite = now;
            await write(stage, Math.Clamp(progress, 0f, 1f));
        }
        finally
        {
            _gate.Release();
        }
    }
}
