using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Tenancy;

namespace MediaAspire.Api.Jobs;

/// <summary>
/// Follows a job's events in PostgreSQL (the truth; every worker writes there, so any API replica can
/// serve any stream) and yields them as Server-Sent Events until the job ends. Each event's SSE id is
/// its row id, so a client that reconnects with <c>Last-Event-ID</c> resumes where it left off.
/// </summary>
internal static class JobEventStream
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static async IAsyncEnumerable<SseItem<JobProgressEvent>> FollowAsync(
        Guid jobId, TenantScope tenant, long afterEventId, JobRepository jobs, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = afterEventId;
        while (true)
        {
            var events = await jobs.GetEventsAsync(jobId, tenant, cancellationToken, after, includeProgress: true);
            foreach (var e in events)
            {
                after = e.Id;
                yield return new SseItem<JobProgressEvent>(JobProgressEvent.From(jobId, e), e.Type)
                {
                    EventId = e.Id.ToString(CultureInfo.InvariantCulture),
                };
                if (JobKinds.FinalEventTypes.Contains(e.Type)) yield break;
            }
            // A resumed stream that already saw the end, or a job deleted meanwhile, has nothing more to wait for.
            if (events.Count == 0 && await jobs.GetAsync(jobId, tenant, cancellationToken) is not { State: JobState.Pending or JobState.Running }) yield break;
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
