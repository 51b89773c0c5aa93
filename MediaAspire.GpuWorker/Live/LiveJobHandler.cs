using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Json;
using MediaAspire.Platform.Live;
using MediaAspire.Platform.Processes;
using MediaAspire.Platform.Storage;
using MediaAspire.Platform.Tenancy;
using Microsoft.Extensions.Options;

namespace MediaAspire.GpuWorker.Live;

/// <summary>
/// Records and analyses one live stream while it is published. ONE ffmpeg at a time reads the stream back from nginx-rtmp
/// (it joins before the publisher is admitted, so it has the first frame) and cuts it into ~2 s MPEG-TS segments, telling
/// this handler of each closed one on its output (the csv segment list on a pipe): the handler stores it, extends the
/// HLS playlist and emits a <c>segment</c> event, in order, as it comes — nothing polls a folder — then hands it to the
/// stream's <see cref="LiveAnalysis"/>, which runs beside it at its own pace. When the publisher leaves (or goes quiet),
/// the session waits out its reconnect grace with a reader ready for the next one: a publisher admitted back carries on
/// the same segments, events and recording, its media time continuing where the last segment ended. When the stream ends
/// (the grace ran out, the key was revoked) the last segment is closed and the recording becomes an asset of the
/// stream's tenant.
/// </summary>
public sealed class LiveJobHandler(
    LiveStreamRepository streams, LiveEventLog events, LiveSignals signals, IObjectStore store, StorageRetry retry,
    SourceFetcher scratchSpace, LiveRecording recording, LiveAnalysis analysis, IConfiguration configuration,
    IOptions<LiveRecorderOptions> options, ILogger<LiveJobHandler> logger) : IJobHandler
{
    /// <summary>A reader that found nothing to read is not restarted sooner than this (a publisher sending garbage).</summary>
    private static readonly TimeSpan ReaderRestartInterval = TimeSpan.FromSeconds(1);

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
        ReaderRun last;
        try
        {
            last = await RecordAsync(stream, rtmp.TrimEnd('/'), segments, toAnalyse.Writer, watch.Ended, scratch, context, cancellationToken);
        }
        finally
        {
            toAnalyse.Writer.Complete();
        }
        await PutTextAsync(stream.Id, LiveStorage.MediaPlaylist, LivePlaylist.Media(segments, ended: true), cancellationToken);

        if (segments.Count == 0)
        {
            await analysed;
            var why = last.Refusal ?? (last.ExitCode == 0 ? "no media was received" : $"the stream could not be read: {LastError(last)}");
            return await FailAsync(stream, $"Nothing was recorded: {why}.");
        }
        // A reader that failed part way (garbage from the publisher, a publisher back with another codec) still keeps what it recorded.
        if (last.Refusal is { } refusal)
            await streams.RecordFailureAsync(stream.Id, $"The recording stopped after {segments[^1].End:0.#} s: {refusal}.", cancellationToken);
        else if (last.ExitCode != 0)
            await streams.RecordFailureAsync(stream.Id, $"The stream stopped being readable after {segments[^1].End:0.#} s: {LastError(last)}", cancellationToken);
        await context.ReportProgressAsync("storing the recording", 0.5f);
        var (stored, failure) = await recording.StoreAsync(stream, segments, scratch, cancellationToken);
        // The analysis catches up meanwhile; its last events come before "ended".
        await context.ReportProgressAsync("finishing the analysis", 0.9f);
        await analysed;
        if (stored is null) return await FailAsync(stream, failure!);
        logger.LogInformation("Live stream {StreamId} recorded as asset {AssetId}: {Segments} segments, {Seconds:0.#} s",
            stream.Id, stored.Asset.Id, segments.Count, segments[^1].End);
        return JobOutcome.Completed(new { asset_id = stored.Asset.Id, segments = segments.Count, seconds = segments[^1].End }, stored.Persist) with
        {
            // The recording is an asset like any upload: probe, then renditions and the rest.
            FollowUpsOfOtherAssets = [(stored.Asset.Id, JobKinds.Probe)],
            // "ended" names the recording, which the commit inserts and links to the stream: announced after it, so a
            // client that fetches the asset (or the stream's asset_id) on hearing it finds it.
            Committed = () => events.AppendAsync(stream.Id, LiveEventTypes.Ended, new { asset_id = stored.Asset.Id }),
        };
    }

    /// <summary>How a reader ended, and whether it had anything to read.</summary>
    /// <param name="Refusal">Why what the publisher sent is not taken (<see cref="LiveCodecs"/>): the session ends.</param>
    private sealed record ReaderRun(int ExitCode, IReadOnlyList<string> Errors, int Segments, string? Refusal = null);

    /// <summary>One reader per publisher of the session, one after another, until the session ends. Returns the last
    /// reader that recorded something (or the first, when none did): its end says how the recording ended.</summary>
    private async Task<ReaderRun> RecordAsync(LiveStream stream, string rtmp, List<ClosedSegment> segments, ChannelWriter<ClosedSegment> toAnalyse,
        Task announced, JobScratch scratch, JobContext context, CancellationToken cancellationToken)
    {
        ReaderRun? result = null;
        int? next = stream.Publishes;
        while (next is { } reader)
        {
            var startedAt = DateTime.UtcNow;
            var run = await ReadAsync(stream, rtmp, reader, segments, toAnalyse, announced, scratch, context, cancellationToken);
            if (run.Refusal is not null) return run;
            if (run.Segments > 0 || result is null) result = run;
            if (run.Segments == 0 && DateTime.UtcNow - startedAt < ReaderRestartInterval)
                await Task.Delay(ReaderRestartInterval, cancellationToken);
            next = await NextReaderAsync(stream.Id, reader, announced, cancellationToken);
        }
        return result!;
    }

    /// <summary>What follows a reader's end, as the stream's row says: the session is over (null), a publisher came back
    /// (read it), or one may still come back (wait for it with a reader already joined, so its first frame is kept; one
    /// that times out is followed by another until the grace runs out). Readers are numbered by the publisher whose data
    /// they carry: the session's <c>publishes</c>-th.</summary>
    private async Task<int?> NextReaderAsync(Guid streamId, int ended, Task announced, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = await streams.GetAsync(streamId, TenantScope.Everyone, cancellationToken);
            if (now is not { State: LiveState.Live } || announced.IsCompleted) return null;
            if (now.ResumeUntil is null)
            {
                if (now.Publishes != ended) return now.Publishes;
                // Its publisher still counts as connected but sent nothing for the read timeout (a connection nginx has
                // not yet seen die): the session waits for it as for one that left.
                await streams.PublisherWentQuietAsync(streamId, now.Publishes, options.Value.ReconnectGrace, cancellationToken);
            }
            else if (now.ResumeUntil > DateTimeOffset.UtcNow)
                return now.Publishes + 1;
            else if (await streams.EndAfterGraceAsync(streamId, cancellationToken))
            {
                logger.LogInformation("Live stream {StreamId} ended: no publisher came back within the grace period", streamId);
                return null;
            }
        }
    }

    private async Task<ReaderRun> ReadAsync(LiveStream stream, string rtmp, int publisher, List<ClosedSegment> segments,
        ChannelWriter<ClosedSegment> toAnalyse, Task announced, JobScratch scratch, JobContext context, CancellationToken cancellationToken)
    {
        // The first publisher's timestamps are the stream's media time; one that came back restarts its own clock, so its
        // media time continues where the last segment ended.
        var offset = segments.Count == 0 ? 0 : segments[^1].End;
        var firstOfPart = segments.Count;
        using var reader = FfmpegLauncher.Start(ReaderCommand(rtmp, stream.StreamKey, scratch.Directory, segments.Count, offset), cancellationToken);
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ender = InterruptWhenEndedAsync(stream.Id, publisher, announced, reader, context, stopWatching.Token);
        string? refusal = null;
        while (await reader.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
        {
            if (!ClosedSegment.TryParse(line, segments.Count, out var segment)) continue;
            if (segments.Count == firstOfPart && (refusal = await RefusalAsync(scratch.PathOf(segment.File), cancellationToken)) is not null)
            {
                // Nothing of it is served or kept: the publisher is dropped when nginx next asks (the session ends).
                reader.Kill();
                break;
            }
            if (offset > 0)
                segment = segment with { Start = offset + segment.Start, End = offset + segment.End, Discontinuity = segments.Count == firstOfPart };
            segments.Add(segment);
            await PublishSegmentAsync(stream.Id, segment, segments, scratch, cancellationToken);
            toAnalyse.TryWrite(segment);
        }
        var exitCode = await reader.WaitForExitAsync();
        await stopWatching.CancelAsync();
        await ender;
        logger.LogInformation("Live stream {StreamId}: the reader of publisher {Publishes} ended (exit code {ExitCode}: {Error}) after {Segments} segments{Refusal}",
            stream.Id, publisher, exitCode, string.Join(" | ", reader.ErrorTail), segments.Count - firstOfPart, refusal is null ? "" : $"; refused: {refusal}");
        return new ReaderRun(exitCode, reader.ErrorTail, segments.Count - firstOfPart, refusal);
    }

    /// <summary>Why the stream whose first segment is <paramref name="path"/> is not taken, or null.</summary>
    private static async Task<string?> RefusalAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return LiveCodecs.Refusal(await new MediaProber().ProbeAsync(path, cancellationToken));
        }
        catch (UnreadableMediaException e)
        {
            return LiveCodecs.Unreadable(e.Message);
        }
    }

    /// <summary>Reads the stream and segments it without re-encoding: RTMP carries H.264 and AAC, which HLS plays as they
    /// are. The first publisher's own timestamps are kept; a later one's start at the offset (segment files too, so the
    /// recording's parts join back to back). The stream is taken as it is after a second of probing (ffmpeg's default of
    /// 5 s would hold back every segment, and lose a short publish whole).</summary>
    private FfmpegCommand ReaderCommand(string rtmp, string streamKey, string directory, int firstNumber, double offset)
    {
        var timestamps = offset > 0
            ? new[] { "-initial_offset", offset.ToString("0.######", CultureInfo.InvariantCulture), "-segment_start_number", firstNumber.ToString(CultureInfo.InvariantCulture) }
            : ["-copyts"];
        return FfmpegCommand.Ffmpeg(["-hide_banner", "-nostdin", "-loglevel", "error",
            "-rw_timeout", ((long)options.Value.ReadTimeout.TotalMicroseconds).ToString(CultureInfo.InvariantCulture),
            "-analyzeduration", "1000000", "-i", $"{rtmp}/live/{streamKey}",
            "-map", "0:v:0", "-map", "0:a:0?", "-c", "copy", .. timestamps,
            "-f", "segment", "-segment_time", options.Value.SegmentSeconds.ToString(CultureInfo.InvariantCulture), "-segment_format", "mpegts",
            "-segment_list", "pipe:1", "-segment_list_type", "csv", "seg_%05d.ts"])
            with { WorkingDirectory = directory, Purpose = "read the live stream" };
    }

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
        await events.AppendAsync(streamId, LiveEventTypes.Segment, segment.Discontinuity
            ? new { seq = segment.Sequence, start = segment.Start, end = segment.End, discontinuity = true }
            : new { seq = segment.Sequence, start = segment.Start, end = segment.End });
    }

    private async Task PutTextAsync(Guid streamId, string file, string text, CancellationToken cancellationToken) =>
        await retry.ExecuteAsync(async ct =>
        {
            using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
            await store.PutAsync(LiveStorage.HlsKey(streamId, file), content, ct);
        }, cancellationToken);

    /// <summary>
    /// Ends the reader once the stream has ended (announced over pub/sub, or seen in PostgreSQL in case the announcement
    /// was lost) or once the publisher it reads has left. A publisher that left ends the reader by itself (the read
    /// timeout), after the last frames still on their way are in, so it is interrupted only past that; a revoked stream's
    /// publisher may still be sending, so at once.
    /// </summary>
    private async Task InterruptWhenEndedAsync(Guid streamId, int publisher, Task announced, FfmpegProcess reader, JobContext context,
        CancellationToken cancellationToken)
    {
        try
        {
            LiveStream? now;
            while (true)
            {
                var wasAnnounced = await Task.WhenAny(announced, Task.Delay(options.Value.EndCheckInterval, cancellationToken)) == announced;
                now = await streams.GetAsync(streamId, TenantScope.Everyone, cancellationToken);
                if (wasAnnounced || now is not { State: LiveState.Live } || Left(now, publisher)) break;
            }
            await context.ReportProgressAsync(now is { State: LiveState.Live } ? "live: waiting for the publisher to come back" : "ending", 0.1f);
            // Interrupted, ffmpeg drops the segment it is writing (and its line on the pipe): a reader whose publisher
            // left is given the time to end by itself first (its read timeout).
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

    /// <summary>Whether the publisher <paramref name="publisher"/> reads has left (or been followed by another).</summary>
    private static bool Left(LiveStream now, int publisher) =>
        now.Publishes > publisher || (now.Publishes == publisher && now.ResumeUntil is not null);

    private async Task<JobOutcome> FailAsync(LiveStream stream, string reason)
    {
        await streams.FinishAsync(stream.Id, null, reason, CancellationToken.None);
        await events.AppendAsync(stream.Id, LiveEventTypes.Ended, new { asset_id = (Guid?)null, reason });
        return JobOutcome.Failed(reason);
    }

    private static string LastError(ReaderRun run) =>
        run.Errors.Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? $"ffmpeg exit code {run.ExitCode}";
}
