using System.Text.Json;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.Platform.Database;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Json;
using MediaAspire.Platform.Storage;
using MediaAspire.Platform.Tenancy;
using MediaAspire.Platform.Verdicts;

namespace MediaAspire.GpuWorker.Verdicts;

/// <summary>
/// The classify job: one asset's verdict, recorded with the job's completion (the job's result is the
/// verdict). Bad media ends the job <c>failed</c> with the reason and a machine-readable code.
/// </summary>
/// <remarks>Progress is of the whole job: downloading 0–5 %, decoding for scenes 5–85 %, scoring 85–97 %, storing to 100 %.
/// For an asset uploaded through the classify endpoints (<see cref="ClassifyParameters.Ingest"/>) this job is
/// the first: it also records the probe and then queues the renditions, after the verdict, so the caller
/// waiting for the verdict does not share the worker with an encode.</remarks>
public sealed class ClassifyJobHandler(JobAssets jobAssets, AssetRepository assets, VerdictRepository verdicts, AssetClassifier classifier) : IJobHandler
{
    public string Kind => JobKinds.Classify;

    public async Task<JobOutcome> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        var (asset, refusal) = await jobAssets.GetAsync(context, "classified", needsProbe: false, cancellationToken);
        if (asset is null) return refusal!;
        var assetId = asset.Id;
        var parameters = ParametersOf(context.Job);

        AssetVerdict result;
        var progress = new JobProgress<VerdictProgress>(context, p => (p.Stage, Overall(p)));
        try
        {
            result = await classifier.ClassifyAsync(asset, context.Job.Id, parameters, progress, cancellationToken);
        }
        // Media that cannot be classified makes a stored asset failed (as the backfill does, so it is not tried again);
        // an asset uploaded for this job is failed by OnFailed, however the job ends.
        catch (UnreadableMediaException e)
        {
            return Fail(e.Message, ClassifyFailure.Unreadable, parameters.Ingest ? null : assetId);
        }
        catch (MediaTooLongException e)
        {
            return Fail(e.Message, ClassifyFailure.TooLong, null);
        }
        catch (ObjectNotFoundException)
        {
            return Fail(JobAssets.SourceMissing, ClassifyFailure.SourceMissing, parameters.Ingest ? null : assetId);
        }

        await progress.FlushAsync();
        await context.ReportProgressAsync("storing", 0.97f);
        return JobOutcome.Completed(result.Verdict, async (connection, transaction, ct) =>
            {
                await verdicts.UpsertAsync(result.Verdict, result.PosterKey, connection, transaction, ct);
                if (parameters.Ingest) await assets.SetProbedAsync(assetId, result.Probe, connection, transaction, ct);
            },
            parameters.Ingest ? [JobKinds.Renditions] : null);
    }

    /// <summary>An asset uploaded through the classify endpoints has no probe job: this one failing for good, for any
    /// reason (bad media, a dead-lettered message), fails the asset as a failed probe would.</summary>
    public TransactionWrite? OnFailed(Job job, string reason) =>
        job.AssetId is { } assetId && ParametersOf(job).Ingest
            ? (connection, transaction, ct) => assets.SetFailedAsync(assetId, reason, connection, transaction, ct)
            : null;

    private static ClassifyParameters ParametersOf(Job job) =>
        job.Parameters?.Deserialize<ClassifyParameters>(PlatformJson.Options) ?? new ClassifyParameters();

    /// <param name="failAsset">The asset whose status becomes failed with the reason, if any.</param>
    private JobOutcome Fail(string reason, string code, Guid? failAsset) =>
        JobOutcome.Failed(reason, failAsset is { } id ? (connection, transaction, ct) => assets.SetFailedAsync(id, reason, connection, transaction, ct) : null,
            new { code });

    private static double Overall(VerdictProgress p) => p.Stage switch
    {
        "downloading" => 0,
        "probe" => 0.05,
        "scenes" => 0.05 + 0.8 * p.Fraction,
        "scoring" => 0.85 + 0.12 * p.Fraction,
        _ => 0.97,
    };
}
