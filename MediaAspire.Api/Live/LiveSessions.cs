using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Live;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MediaAspire.Api.Live;

/// <summary>
/// A publishing session from admission to end: admits a publisher to an idle stream and queues the worker's live job,
/// which pulls the stream back from nginx-rtmp; the publisher is let in once that reader has joined (on_play), so
/// nothing of the start is missed. When the admitted publisher leaves, the session waits <see cref="LiveOptions.ReconnectGrace"/>
/// for it (or another holder of the key) to come back: one admitted back carries on the same session, recording and
/// events, once the worker's next reader has joined.
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
        if (!admission.IsAdmitted)
        {
            logger.LogWarning("Refused a publisher of live stream {StreamId}: {Reason}", admission.Stream?.Id, admission.Reason);
            // A second publisher on a live stream is refused without marking the stream: its session is fine.
            if (admission.Stream is { } refused && admission.Verdict != PublishVerdict.AlreadyLive)
                await streams.RecordFailureAsync(refused.Id, $"A publisher was refused: {admission.Reason}.", cancellationToken);
            return admission.Reason;
        }
        var stream = admission.Stream!;
        if (admission.Verdict == PublishVerdict.Resumed)
        {
            // The session's job is still recording: its next reader is joining (or has) to carry on from here.
            logger.LogInformation("Live stream {StreamId}: a publisher came back ({PublisherId}); the session carries on", stream.Id, publisherId);
            await WaitForReaderAsync(stream.Id, cancellationToken);
            return null;
        }
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

    /// <summary>on_publish_done: the admitted publisher left. Its reader's mark goes, so a publisher coming back waits for
    /// the reader that will carry its data; without a grace period the session ends here.</summary>
    public async Task PublisherLeftAsync(string streamKey, string publisherId, CancellationToken cancellationToken)
    {
        var grace = options.Value.ReconnectGrace;
        if (await streams.PublisherLeftAsync(streamKey, publisherId, grace, cancellationToken) is not { } left) return;
        await redis.GetDatabase().KeyDeleteAsync(ReaderKey(left.Id));
        if (left.State == LiveState.Ended)
        {
            logger.LogInformation("Live stream {StreamId} ended: its publisher left", left.Id);
            await signals.PublishEndedAsync(left.Id);
            return;
        }
        logger.LogInformation("Live stream {StreamId}: its publisher left; the session waits until {ResumeUntil} for one to come back", left.Id, left.ResumeUntil);
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
