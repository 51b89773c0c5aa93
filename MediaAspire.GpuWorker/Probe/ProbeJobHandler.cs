using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Storage;
using Microsoft.Extensions.Options;

namespace MediaAspire.GpuWorker.Probe;

/// <summary>Probes an asset's source: copies it from storage to scratch space (ffprobe wants a file), probes, records.</summary>
public sealed class ProbeJobHandler(IObjectStore store, AssetRepository assets, MediaProber prober, IOptions<WorkerOptions> options)
    : IJobHandler
{
    public string Kind => JobKinds.Probe;

    public async Task<JobOutcome> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        if (context.Job.AssetId is not { } assetId) return JobOutcome.Failed("The probe job has no asset.");
        var asset = await assets.GetAsync(assetId, cancellationToken);
        if (asset is null) return JobOutcome.Failed("The asset was deleted before it could be probed.");

        Directory.CreateDirectory(options.Value.ScratchPath);
        var local = Path.Combine(options.Value.ScratchPath, $"{context.Job.Id:N}.source");
        try
        {
            await context.ReportProgressAsync("downloading", 0.1f);
            try
            {
                await store.DownloadToFileAsync(asset.StorageKey, local, cancellationToken);
            }
            catch (ObjectNotFoundException)
            {
                return Fail(assetId, "The asset's source file is missing from storage.");
            }

            await context.ReportProgressAsync("probing", 0.5f);
            MediaProbe probe;
            try
            {
                probe = await prober.ProbeAsync(local, cancellationToken);
            }
            catch (UnreadableMediaException e)
            {
                return Fail(assetId, e.Message);
            }
            return JobOutcome.Completed(probe, (connection, transaction, ct) =>
                assets.SetProbedAsync(assetId, probe, connection, transaction, ct));
        }
        finally
        {
            File.Delete(local);
        }
    }

    private JobOutcome Fail(Guid assetId, string reason) =>
        JobOutcome.Failed(reason, (connection, transaction, ct) => assets.SetFailedAsync(assetId, reason, connection, transaction, ct));
}
