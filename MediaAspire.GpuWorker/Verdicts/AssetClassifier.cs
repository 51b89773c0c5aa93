using MediaAspire.GpuWorker.Jobs;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Storage;
using MediaAspire.Platform.Verdicts;
using Microsoft.Extensions.Options;

namespace MediaAspire.GpuWorker.Verdicts;

/// <param name="PosterKey">Where the poster JPEG was stored; null when every keyframe is explicit.</param>
public sealed record AssetVerdict(Verdict Verdict, string? PosterKey, MediaProbe Probe);

/// <summary>
/// Classifies a stored asset: pulls its source to scratch, runs <see cref="VerdictPipeline"/> and stores the
/// poster keyframe and each keyframe's image. Recording the verdict is the caller's, inside the transaction that finishes its job.
/// Shared by the classify job (one asset) and the backfill job (many). The pipeline (and with it the model) is
/// resolved at the first classification, not when the worker's handlers are built: a worker whose model cannot load
/// still starts, probes and encodes, and says why in its health (<see cref="Scoring.ScorerWarmUp"/>).
/// </summary>
public sealed class AssetClassifier(SourceFetcher fetcher, Lazy<VerdictPipeline> pipeline, IObjectStore store, StorageRetry retry, IOptions<VerdictOptions> defaults,
    IOptions<MediaLimits> limits)
{
    /// <exception cref="Probe.UnreadableMediaException">The source cannot be decoded.</exception>
    /// <exception cref="MediaTooLongException">Longer than <see cref="ClassifyParameters.MaxDurationSeconds"/>.</exception>
    /// <exception cref="ObjectNotFoundException">The source is gone from storage.</exception>
    public async Task<AssetVerdict> ClassifyAsync(Asset asset, Guid jobId, ClassifyParameters parameters,
        IProgress<VerdictProgress>? progress, CancellationToken cancellationToken)
    {
        var options = OptionsFor(parameters);
        using var scratch = fetcher.CreateScratch(Guid.CreateVersion7());
        progress?.Report(new VerdictProgress("downloading", 0));
        var local = await fetcher.FetchAsync(asset, scratch, cancellationToken);
        // Every external process has a time limit: ffmpeg decoding an asset already probed gets time in proportion to
        // its length; one not probed yet (uploaded to be classified) the time the longest accepted media would get.
        var timeLimit = limits.Value.AnalysisTimeoutFor(asset.Probe?.DurationSeconds ?? parameters.MaxDurationSeconds ?? limits.Value.MaxDurationSeconds);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeLimit);
        MediaVerdict classified;
        try
        {
            classified = await pipeline.Value.RunAsync(local, options, progress, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UnreadableMediaException($"Analysing the video took longer than its time limit ({timeLimit.TotalMinutes:F0} min); it is probably damaged or built to stall the decoder.");
        }

        string? posterKey = null;
        var verdict = classified.Verdict with { AssetId = asset.Id, JobId = jobId };
        if (classified.PosterJpeg is { } jpeg)
        {
            posterKey = Verdict.PosterKey(asset.Id, verdict.Model);
            await retry.ExecuteAsync(async ct => await store.PutAsync(posterKey, new MemoryStream(jpeg, writable: false), ct), cancellationToken);
            verdict = verdict with { PosterUrl = Verdict.PosterPath(asset.Id) };
        }
        for (var i = 0; i < classified.KeyframeJpegs.Count; i++)
        {
            var image = classified.KeyframeJpegs[i];
            await retry.ExecuteAsync(async ct => await store.PutAsync(Verdict.KeyframeKey(asset.Id, verdict.Model, i), new MemoryStream(image, writable: false), ct), cancellationToken);
        }
        verdict = verdict with { Keyframes = verdict.Keyframes.Select((k, i) => k with { ImageUrl = Verdict.KeyframePath(asset.Id, i) }).ToList() };
        return new AssetVerdict(verdict, posterKey, classified.Probe);
    }

    /// <summary>The worker's defaults with the request's bounds; a maximum below the default minimum lowers the minimum with it.</summary>
    private VerdictOptions OptionsFor(ClassifyParameters parameters)
    {
        var configured = defaults.Value;
        var max = parameters.MaxKeyframes ?? configured.MaxKeyframes;
        var min = Math.Min(parameters.MinKeyframes ?? configured.MinKeyframes, max);
        return configured with { MinKeyframes = min, MaxKeyframes = max, MaxDurationSeconds = parameters.MaxDurationSeconds };
    }
}
