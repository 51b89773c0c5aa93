using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Storage;
using Microsoft.Extensions.Options;

namespace MediaAspire.GpuWorker.Jobs;

/// <summary>Pulls an asset's source into a job's scratch directory: checks there is room first, retries transient storage errors.</summary>
public sealed class SourceFetcher(IObjectStore store, StorageRetry retry, IOptions<WorkerOptions> options)
{
    public JobScratch CreateScratch(Guid jobId) => JobScratch.Create(options.Value.ScratchPath, jobId);

    /// <param name="spaceFactor">How many times the source's size the job needs on disk (source plus outputs).</param>
    /// <exception cref="JobFailedException">Not enough free space on the scratch disk.</exception>
    /// <exception cref="ObjectNotFoundException">The source is gone from storage.</exception>
    public async Task<string> FetchAsync(Asset asset, JobScratch scratch, CancellationToken cancellationToken, double spaceFactor = 1)
    {
        EnsureFreeSpace(scratch.Directory, (long)(asset.SizeBytes * spaceFactor));
        var local = scratch.PathOf("source");
        await retry.ExecuteAsync(async ct => await store.DownloadToFileAsync(asset.StorageKey, local, ct), cancellationToken);
        return local;
    }

    private void EnsureFreeSpace(string directory, long needed)
    {
        var free = new DriveInfo(directory).AvailableFreeSpace;
        var reserve = options.Value.MinFreeScratchBytes;
        if (free - needed < reserve)
            throw new JobFailedException(
                $"Not enough free space on the worker's scratch disk: the job needs {Mb(needed)} and {Mb(reserve)} must stay free, but only {Mb(free)} is. Free space under {options.Value.ScratchPath} or set Worker__ScratchDirectory.");
    }

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024):F0} MiB";
}
