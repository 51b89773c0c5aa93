using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Live;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MediaAspire.Api.Live;

/// <summary>
/// A publishing session from admission to end: admits a publisher to an idle stream and queues the worker's live job,
/// which pulls the stream back from nginx-rtmp; the publisher is let in once that reader has joined (on_play), so
/// nothing of the start is missed. Ends the session when the admitted publisher leaves.
/// </summary>
internal sealed class LiveSessions(
    LiveStreamRepository streams, JobSubmitter jobs, LiveSignals signals, IConnectionMultiplexer redis,
    IOptions<LiveOptions> options, ILogger<LiveSessions> logger)
{
    private static readonly TimeSpan ReaderPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>Null when admitted; else why not.</summary>
    public async Task<string?> AdmitPublisherAsync(string streamKey, string publisherId, CancellationToken cancellationToken)
    {
        var admission = await streams.AdmitPublisherAsync(streamKey, publisherId, cancellationToken);
        if (admission.Verdict != PublishVerdict.Admitted)
        {
            logger.LogWarning("Refused a publisher of live stream {StreamId}: {Reason}", admission.Stream?.Id, admission.Reason);
            // A second publisher on a live stream is refused without marking the stream: its session is fine.
            if (admission.Stream is { } refused && admission.Verdict != PublishVerdict.AlreadyLive)
                await streams.RecordFailureAsync(refused.Id, $"A publisher was refused: {admission.Reason}.", cancellationToken);
            return admission.Reason;
        }
        var stream = admission.Stream!;
        var job = await jobs.SubmitAsync(null, JobKinds.Live, new LiveJobParameters(stream.Id), cancellationToken, stream.TenantId);
        await streams.SetJobAsync(stream.Id, job.Id, cancellationToken);
        logger.LogInformation("Live stream {StreamId} is live (publisher {PublisherId}, job {JobId})", stream.Id, publisherId, job.Id);
        await WaitForReaderAsync(stream.Id, cancellationToken);
        return null;
    }

    /// <summary>on_play: whether the key may be read (the stream is not over), noting that its reader joined.</summary>
    public async Task<bool> ReaderJoinedAsync(string streamKey, CancellationToken cancellationToken)
    {
        if (await streams.GetByKeyAsync(streamKey, cancellationToken) is not { State: not LiveState.Ended, RevokedAt: null } stream) return false;
        await redis.GetDatabase().StringSetAsync(ReaderKey(stream.Id), "joined", TimeSpan.FromHours(1));
        return true;
    }

    public async Task EndPublishAsync(string streamKey, string publisherId, CancellationToken cancellationToken)
    {
        if (await streams.EndPublishAsync(streamKey, publisherId, cancellationToken) is not { } ended) return;
        logger.LogInformation("Live stream {StreamId} ended: its publisher left", ended.Id);
        await signals.PublishEndedAsync(ended.Id);
    }

    private async Task WaitForReaderAsync(Guid streamId, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.Value.ReaderWait;
        var db = redis.GetDatabase();
        while (DateTime.UtcNow < deadline)
        {
            if (await db.KeyExistsAsync(ReaderKey(streamId))) return;
            await Task.Delay(ReaderPoll, cancellationToken);
        }
        // Admitted anyway: the recording then starts where the reader joined (media times stay the publisher's).
        logger.LogWarning("The worker's reader of live stream {StreamId} did not join within {Wait}; admitting the publisher", streamId, options.Value.ReaderWait);
    }

    private static RedisKey ReaderKey(Guid streamId) => $"mediaaspire:live:{streamId}:reader";
}
