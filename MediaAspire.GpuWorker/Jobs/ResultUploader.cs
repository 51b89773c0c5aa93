using MediaAspire.Platform.Storage;

namespace MediaAspire.GpuWorker.Jobs;

/// <summary>
/// Stores a job's result files (renditions, clips) all or none: each put retried on transient failures
/// (<see cref="StorageRetry"/>); cancelled or failed half way, the ones already stored are deleted again (key by key,
/// each best effort, so the failure that stopped the job stays the one reported), because no row will point at them.
/// </summary>
public sealed class ResultUploader(IObjectStore store, StorageRetry retry, ILogger<ResultUploader> logger)
{
    /// <param name="onFile">Called before the i-th file is stored (progress).</param>
    public async Task StoreAllAsync(IReadOnlyList<(string Key, string Path)> files, Func<int, Task> onFile, CancellationToken cancellationToken)
    {
        var stored = new List<string>();
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                await onFile(i);
                var (key, path) = files[i];
                await retry.ExecuteAsync(async ct =>
                {
                    await using var file = File.OpenRead(path);
                    await store.PutAsync(key, file, ct);
                }, cancellationToken);
                stored.Add(key);
            }
        }
        catch
        {
            await DeleteAsync(stored);
            throw;
        }
    }

    /// <summary>Deletes objects no row points at (best effort, logged).</summary>
    public async Task DeleteAsync(IEnumerable<string> keys)
    {
        foreach (var key in keys) await store.TryDeleteAsync(key, logger);
    }
}
