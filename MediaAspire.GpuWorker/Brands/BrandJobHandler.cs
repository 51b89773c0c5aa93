using System.Text.Json;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.GpuWorker.Text;
using MediaAspire.Platform.Brands;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Json;
using MediaAspire.Platform.Processes;
using MediaAspire.Platform.Tenancy;
using Microsoft.Extensions.Options;

namespace MediaAspire.GpuWorker.Brands;

/// <summary>
/// The brands job: looks for the job's tenant's brands (their logos' stored features and their names) in the asset with
/// <see cref="BrandScan"/> at the requested rate (on-screen text read by the OCR stage unless <see cref="BrandSettings.ReadText"/> is off), and stores appearances, exposure and text with the job's completion,
/// replacing the previous job's (all or none). Bad input (no video, undecodable video, a rate out of range) ends it
/// failed with the reason.
/// </summary>
/// <remarks>Progress: downloading 0–10 %, matching 10–95 %, storing to 100 %.</remarks>
public sealed class BrandJobHandler(JobAssets jobAssets, BrandRepository brands, BrandResultRepository results, IOptions<BrandSettings> settings,
    IServiceProvider services) : IJobHandler
{
    public string Kind => JobKinds.Brands;

    public async Task<JobOutcome> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        var (asset, refusal) = await jobAssets.GetAsync(context, "searched for brands", needsProbe: true, cancellationToken);
        if (asset is null) return refusal!;
        if (asset.Probe!.PrimaryVideo is not { } video) return JobOutcome.Failed("The asset has no video stream to look for brands in.");
        var request = context.Job.Parameters?.Deserialize<BrandsRequest>(PlatformJson.Options) ?? new BrandsRequest();
        var fps = request.Fps ?? BrandsRequest.DefaultFps;
        if (!double.IsFinite(fps) || fps <= 0 || fps > BrandsRequest.MaxFps)
            return JobOutcome.Failed($"fps must be more than 0 and at most {BrandsRequest.MaxFps}; the job asked for {fps}.");
        var definitions = await brands.LoadDefinitionsAsync(TenantScope.Of(context.Job.TenantId), cancellationToken);

        using var scratch = jobAssets.CreateScratch(context.Job.Id);
        await context.ReportProgressAsync("downloading", 0);
        if (await jobAssets.FetchSourceAsync(asset, scratch, cancellationToken) is not { } source) return JobOutcome.Failed(JobAssets.SourceMissing);

        BrandResult result;
        try
        {
            // The OCR stage is loaded once per process, on the first job that reads text.
            var text = settings.Value.ReadText ? services.GetRequiredService<OnScreenTextReader>() : null;
            result = await BrandScan.RunAsync(source, video, asset.Probe.DurationSeconds, definitions, fps, settings.Value, text,
                fraction => context.ReportProgressAsync("matching", (float)(0.1 + 0.85 * fraction)), cancellationToken);
        }
        catch (UnreadableMediaException e)
        {
            return JobOutcome.Failed(e.Message);
        }
        catch (FfmpegFailedException e)
        {
            return JobOutcome.Failed(e.Message);
        }
        await context.ReportProgressAsync("storing", 0.95f);
        return JobOutcome.Completed(
            new { brands = definitions.Count, logos = definitions.Sum(d => d.Logos.Count), fps, appearances = result.Appearances.Count, text_lines = result.Text.Count },
            (connection, transaction, ct) => results.ReplaceAsync(asset.Id, context.Job.Id, result, connection, transaction, ct));
    }
}
