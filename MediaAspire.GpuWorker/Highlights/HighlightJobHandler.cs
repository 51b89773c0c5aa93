using System.Text.Json;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Highlights;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Json;
using MediaAspire.Platform.Processes;
using MediaAspire.Platform.Storage;
using MediaAspire.Platform.Tenancy;
using MediaAspire.Platform.Verdicts;
using Microsoft.Extensions.Options;

namespace MediaAspire.GpuWorker.Highlights;

/// <summary>
/// The highlights job: runs the highlights stage on an asset with the timelines posted with the request and the scene
/// cuts of its verdict, if it has one, and stores the ranked windows with the job's completion (highlights that already
/// have clips are kept). Bad input (undecodable audio, a transcript that is not WebVTT or SRT) ends it failed with the reason.
/// </summary>
/// <remarks>Progress: downloading 0–10 %, measuring loudness 10–95 %, ranking to 100 %.</remarks>
public sealed class HighlightJobHandler(
    JobAssets jobAssets, VerdictRepository verdicts, HighlightRepository highlights, IOptions<HighlightSettings> settings) : IJobHandler
{
    public string Kind => JobKinds.Highlights;

    public async Task<JobOutcome> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        var (asset, refusal) = await jobAssets.GetAsync(context, "searched for highlights", needsProbe: true, cancellationToken);
        if (asset is null) return refusal!;
        var (assetId, probe, tenant) = (asset.Id, asset.Probe!, TenantScope.Of(context.Job.TenantId));
        var request = context.Job.Parameters?.Deserialize<HighlightRequest>(PlatformJson.Options) ?? new HighlightRequest();
        // The scene analysis a verdict already holds: never decode the video a second time for it.
        var cuts = (await verdicts.GetAsync(assetId, ClassifierModel.Current, tenant, cancellationToken))?.Cuts;

        using var scratch = jobAssets.CreateScratch(context.Job.Id);
        await context.ReportProgressAsync("downloading", 0);
        if (await jobAssets.FetchSourceAsync(asset, scratch, cancellationToken) is not { } source) return JobOutcome.Failed(JobAssets.SourceMissing);

        HighlightDetection detection;
        try
        {
            detection = await HighlightDetector.DetectAsync(source, probe, request, cuts, settings.Value, scratch.Directory,
                fraction => context.ReportProgressAsync("loudness", (float)(0.1 + 0.85 * fraction)), cancellationToken);
        }
        catch (FfmpegFailedException e)
        {
            return JobOutcome.Failed(e.Message);
        }
        catch (FormatException e)
        {
            return JobOutcome.Failed(e.Message);
        }
        await context.ReportProgressAsync("ranking", 0.95f);
        return JobOutcome.Completed(new { signals = detection.Signals, highlights = detection.Highlights },
            (connection, transaction, ct) => highlights.ReplaceAsync(assetId, context.Job.Id, detection.Highlights, connection, transaction, ct));
    }
}
