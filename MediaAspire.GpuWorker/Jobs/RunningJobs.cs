using System.Collections.Concurrent;

namespace MediaAspire.GpuWorker.Jobs;

/// <summary>The jobs this process is running, so a cancel request (Redis pub/sub) can reach the right one.</summary>
public sealed class RunningJobs
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _cancels = new();

    /// <summary>Registers a running job; disposing the result unregisters it.</summary>
    public IDisposable Track(Guid jobId, CancellationTokenSource cancel)
    {
        _cancels[jobId] = cancel;
        return new Registration(() => _cancels.TryRemove(jobId, out _));
    }

    /// <returns>Whether this process was running the job.</returns>
    public bool Cancel(Guid jobId)
    {
        if (!_cancels.TryGetValue(jobId, out var cancel)) return false;
        try
        {
            cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Finished between the lookup and the cancel: nothing left to stop.
        }
        return true;
    }

    private sealed class Registration(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
