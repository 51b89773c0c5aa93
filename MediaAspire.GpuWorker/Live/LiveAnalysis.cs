using System.Threading.Channels;
using MediaAspire.GpuWorker.Brands;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.GpuWorker.Scenes;
using MediaAspire.GpuWorker.Scoring;
using MediaAspire.GpuWorker.Verdicts;
using MediaAspire.Platform.Brands;
using MediaAspire.Platform.Live;
using MediaAspire.Platform.Tenancy;
using Microsoft.Extensions.Options;

namespace MediaAspire.GpuWorker.Live;

/// <summary>
/// The analysis beside a live recording: the recorder hands it each segment once its <c>segment</c> event is out, and it
/// analyses them all, in order, at its own pace (<see cref="LiveSegmentAnalyser"/>), emitting <c>cut</c>, <c>scores</c> and
/// <c>brand</c> events — so no result is ever ahead of the media a client has been told of, and a slow analysis never
/// holds up the recording or the HLS. The classifier is the process's warm one (loaded once, never per segment); the
/// brands are the stream's tenant's. A segment that cannot be analysed is logged and skipped; nothing here fails the
/// recording.
/// </summary>
public sealed class LiveAnalysis(IServiceProvider services, BrandRepository brands, IOptions<BrandSettings> brandSettings,
    IOptions<VerdictOptions> verdictOptions, LiveEventLog events, ILogger<LiveAnalysis> logger)
{
    /// <summary>Analyses the segments <paramref name="segments"/> brings until it is completed, then what the end decides.</summary>
    public async Task RunAsync(LiveStream stream, ChannelReader<ClosedSegment> segments, JobScratch scratch, CancellationToken cancellationToken)
    {
        try
        {
            var definitions = await brands.LoadDefinitionsAsync(TenantScope.Of(stream.TenantId), cancellationToken);
            using var analyser = new LiveSegmentAnalyser(services.GetRequiredService<ContentClassifier>(), definitions, brandSettings.Value, new SceneDetectionOptions());
            var end = 0.0;
            await foreach (var segment in segments.ReadAllAsync(cancellationToken))
            {
                end = segment.End;
                SegmentFindings findings;
                try
                {
                    findings = await Task.Run(() => analyser.Analyse(segment, scratch.PathOf(segment.File), cancellationToken), cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Live stream {StreamId}: segment {Sequence} could not be analysed; it has no analysis events", stream.Id, segment.Sequence);
                    continue;
                }
                await EmitAsync(stream.Id, findings);
            }
            await EmitAsync(stream.Id, analyser.Finish(end));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Live stream {StreamId}: the analysis stopped; the recording goes on without it", stream.Id);
        }
    }

    private async Task EmitAsync(Guid streamId, SegmentFindings findings)
    {
        foreach (var cut in findings.Cuts) await events.AppendAsync(streamId, LiveEventTypes.Cut, new { t = Seconds(cut) });
        foreach (var keyframe in findings.Keyframes)
        {
            var scores = keyframe.Scores.ByClassName();
            await events.AppendAsync(streamId, LiveEventTypes.Scores, new
            {
                t = Seconds(keyframe.T),
                scores,
                explicit_score = Math.Round(VerdictAggregator.ExplicitScore(scores, verdictOptions.Value), 4),
            });
        }
        foreach (var brand in findings.Brands)
            await events.AppendAsync(streamId, LiveEventTypes.Brand, new { brand = brand.Brand, start = brand.Start, end = brand.End, score = brand.Score });
    }

    private static double Seconds(double t) => Math.Round(t, 3);
}
