using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Json;
using MediaAspire.Platform.Live;
using MediaAspire.Platform.Processes;
using MediaAspire.Platform.Storage;
using MediaAspire.Platform.Tenancy;
using Microsoft.Extensions.Options;

namespace MediaAspire.GpuWorker.Live;

/// <summary>
/// Records and analyses one live stream while it is published. ONE ffmpeg reads the stream back from nginx-rtmp (it
/// joins before the publisher is admitted, so it has the first frame) and cuts it into ~2 s MPEG-TS segments, telling
/// this handler of each closed one on its output (the csv segment list on a pipe): the handler stores it, extends the
/// HLS playlist and emits a <c>segment</c> event, in order, as it comes — nothing polls a
/// folder — then hands it to the stream's <see cref="LiveAnalysis"/>, which runs beside it at its own pace. When the stream ends (the API's signal, or its row, or the reader's own end) ffmpeg is interrupted, closes
/// the last segment (a publisher gone quiet ends it by itself: the read timeout), and the recording becomes an asset of
/// the stream's tenant.
/// </summary>
public sealed class LiveJobHandler(
    LiveStreamRepository streams, LiveEventLog events, LiveSignals signals, IObjectStore store, StorageRetry retry,
    SourceFetcher scratchSpace, LiveRecording recording, LiveAnalysis analysis, IConfiguration configuration,
    IOptions<LiveRecorderOptions> options, ILogger<LiveJobHandler> logger) : IJobHandler
{
    public string Kind => JobKinds.Live;

    public async Task<JobOutcome> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        var parameters = context.Job.Parameters?.Deserialize<LiveJobParameters>(PlatformJson.Options);
        if (parameters is null) return JobOutcome.Failed("The live job names no stream.");
        var stream = await streams.GetAsync(parameters.StreamId, TenantScope.Of(context.Job.TenantId), cancellationToken);
        if (stream is null) return JobOutcome.Failed("The live stream was deleted.");
        if (configuration[LiveRecorderOptions.RtmpEndpointSetting] is not { Length: > 0 } rtmp)
            return await FailAsync(stream, "The worker has no RTMP server to read from (services__rtmp__rtmp__0 is not set).");

        using var scratch = scratchSpace.CreateScratch(context.Job.Id);
        using var watch = await signals.WatchAsync(stream.Id);
        await context.ReportProgressAsync("live", 0);
        var segments = new List<ClosedSegment>();
        var toAnalyse = Channel.CreateUnbounded<ClosedSegment>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var analysed = analysis.RunAsync(stream, toAnalyse.Reader, scratch, cancellationToken);
        int exitCode;
        IReadOnlyList<string> errors;
        try
        {
            using var reader = FfmpegLauncher.Start(ReaderCommand(rtmp.TrimEnd('/'), stream.StreamKey, scratch.Directory), cancellationToken);
            using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var ender = InterruptWhenEndedAsync(stream.Id, watch.Ended, reader, context, stopWatching.Token);
            while (await reader.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
            {
                if (!ClosedSegment.TryParse(line, segments.Count, out var segment)) continue;
                segments.Add(segment);
                await PublishSegmentAsync(stream.Id, segment, segments, scratch, cancellationToken);
                toAnalyse.Writer.TryWrite(segment);
            }
            exitCode = await reader.WaitForExitAsync();
            errors = reader.ErrorTail;
            await stopWatching.CancelAsync();
            await ender;
        }
        finally
        {
            toAnalyse.Writer.Complete();
        }
        await PutTextAsync(stream.Id, LiveStorage.MediaPlaylist, LivePlaylist.Media(segments, ended: true), cancellationToken);

        if (segments.Count == 0)
        {
            await analysed;
            var why = exitCode == 0 ? "no media was received" : $"the stream could not be read: {LastError(errors, exitCode)}";
            return await FailAsync(stream, $"Nothing was recorded: {why}.");
        }
        // A reader that failed part way (garbage from the publisher, an unsupported codec) still keeps what it recorded.
        if (exitCode != 0)
            await streams.RecordFailureAsync(stream.Id, $"The stream stopped being readable after {segments[^1].End:0.#} s: {LastError(errors, exitCode)}", cancellationToken);
        await context.ReportProgressAsync("storing the recording", 0.5f);
        var (stored, failure) = await recording.StoreAsync(stream, segments, scratch, cancellationToken);
        // The analysis catches up meanwhile; its last events come before "ended".
        await context.ReportProgressAsync("finishing the analysis", 0.9f);
        await analysed;
        if (stored is null) return await FailAsync(stream, failure!);
        await events.AppendAsync(stream.Id, LiveEventTypes.Ended, new { asset_id = stored.Asset.Id });
        logger.LogInformation("Live stream {StreamId} recorded as asset {AssetId}: {Segments} segments, {Seconds:0.#} s",
            stream.Id, stored.Asset.Id, segments.Count, segments[^1].End);
        return JobOutcome.Completed(new { asset_id = stored.Asset.Id, segments = segments.Count, seconds = segments[^1].End }, stored.Persist) with
        {
            // The recording is an asset like any upload: probe, then renditions and the rest.
            FollowUpsOfOtherAssets = [(stored.Asset.Id, JobKinds.Probe)],
        };
    }

    /// <summary>Reads the stream with its own timestamps (media time from the publisher's start) and segments it without
    /// re-encoding: RTMP carries H.264 and AAC, which HLS plays as they are.</summary>
    private FfmpegCommand ReaderCommand(string rtmp, string streamKey, string directory) =>
        FfmpegCommand.Ffmpeg(["-hide_banner", "-nostdin", "-loglevel", "error",
            "-rw_timeout", ((long)options.Value.ReadTimeout.TotalMicroseconds).ToString(CultureInfo.InvariantCulture),
            "-i", $"{rtmp}/live/{streamKey}",
            "-map", "0:v:0", "-map", "0:a:0?", "-c", "copy", "-copyts",
            "-f", "segment", "-segment_time", options.Value.SegmentSeconds.ToString(CultureInfo.InvariantCulture), "-segment_format", "mpegts",
            "-segment_list", "pipe:1", "-segment_list_type", "csv", "seg_%05d.ts"])
        with { WorkingDirectory = directory, Purpose = "read the live stream" };

    private async Task PublishSegmentAsync(Guid streamId, ClosedSegment segment, IReadOnlyList<ClosedSegment> segments, JobScratch scratch,
        CancellationToken cancellationToken)
    {
        await retry.ExecuteAsync(async ct =>
        {
            await using var file = File.OpenRead(scratch.PathOf(segment.File));
            await store.PutAsync(LiveStorage.HlsKey(streamId, segment.File), file, ct);
        }, cancellationToken);
        if (segment.Sequence == 0)
        {
            var bitsPerSecond = (int)Math.Min(int.MaxValue, new FileInfo(scratch.PathOf(segment.File)).Length * 8 / Math.Max(0.5, segment.Duration));
            await PutTextAsync(streamId, LiveStorage.MasterPlaylist, LivePlaylist.Master(bitsPerSecond), cancellationToken);
        }
        await PutTextAsync(streamId, LiveStorage.MediaPlaylist, LivePlaylist.Media(segments, ended: false), cancellationToken);
        await events.AppendAsync(streamId, LiveEventTypes.Segment, new { seq = segment.Sequence, start = segment.Start, end = segment.End });
    }

    private async Task PutTextAsync(Guid streamId, string file, string text, CancellationToken cancellationToken) =>
        await retry.ExecuteAsync(async ct =>
        {
            using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
            await store.PutAsync(LiveStorage.HlsKey(streamId, file), content, ct);
        }, cancellationToken);

    /// <summary>
    /// Ends the reader once the stream has ended: announced (pub/sub), or seen in PostgreSQL in case the announcement was
    /// lost. A publisher that left ends the reader by itself (the read timeout), after the last frames still on their way
    /// are in, so it is interrupted only past that; a revoked stream's publisher may still be sending, so at once.
    /// </summary>
    private async Task InterruptWhenEndedAsync(Guid streamId, Task announced, FfmpegProcess reader, JobContext context, CancellationToken cancellationToken)
    {
        try
        {
            LiveStream? now;
            while (true)
            {
                var wasAnnounced = await Task.WhenAny(announced, Task.Delay(options.Value.EndCheckInterval, cancellationToken)) == announced;
                now = await streams.GetAsync(streamId, TenantScope.Everyone, cancellationToken);
                if (wasAnnounced || now is not { State: LiveState.Live }) break;
            }
            await context.ReportProgressAsync("ending", 0.1f);
            if (now is { RevokedAt: null }) await Task.Delay(options.Value.ReadTimeout + TimeSpan.FromSeconds(3), cancellationToken);
            await reader.InterruptAsync(options.Value.ReadTimeout + TimeSpan.FromSeconds(3));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The reader ended by itself.
        }
        catch (Exception e)
        {
            // Whatever stopped the watch, the reader must not outlive it: stopped hard, it still leaves the closed segments.
            logger.LogError(e, "Watching live stream {StreamId} for its end failed; stopping its reader", streamId);
            await context.ReportProgressAsync($"ending: {e.Message}", 0.1f);
            reader.Kill();
        }
    }

    private async Task<JobOutcome> FailAsync(LiveStream stream, string reason)
    {
        await streams.FinishAsync(stream.Id, null, reason, CancellationToken.None);
        await events.AppendAsync(stream.Id, LiveEventTypes.Ended, new { asset_id = (Guid?)null, reason });
        return JobOutcome.Failed(reason);
    }

    private static string LastError(IReadOnlyList<string> errors, int exitCode) =>
        errors.Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? $"ffmpeg exit code {exitCode}";
}
