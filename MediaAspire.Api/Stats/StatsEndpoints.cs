using System.Security.Claims;
using MediaAspire.Api.ApiKeys;
using MediaAspire.Api.Jobs;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Queue;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MediaAspire.Api.Stats;

public sealed record JobCounts(long Pending, long Running, long Completed, long Failed, long Cancelled);

public sealed record Throughput(long CompletedLastMinute, long CompletedLastHour);

/// <param name="Queue">Redis stream: messages, delivered-but-unacknowledged, dead-lettered.</param>
/// <param name="Active">Up to 20 running and pending jobs with their stage and progress (running first).</param>
public sealed record PlatformStats(JobCounts Jobs, Throughput Throughput, QueueCounts Queue, IReadOnlyList<JobSummary> Active);

internal static class StatsEndpoints
{
    public static IEndpointRouteBuilder MapStatsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/stats", GetAsync).WithName("GetStats").WithTags("Operations")
            .WithSummary("Jobs by state, throughput, queue depth and the jobs in progress (the caller's tenant's jobs; the operator's: every tenant's)");
        return app;
    }

    private static async Task<Ok<PlatformStats>> GetAsync(ClaimsPrincipal user, JobRepository jobs, JobQueue queue, CancellationToken cancellationToken)
    {
        var tenant = user.Tenant();
        var statistics = await jobs.GetStatisticsAsync(tenant, cancellationToken);
        var s = statistics.ByState;
        return TypedResults.Ok(new PlatformStats(
            new JobCounts(s[JobState.Pending], s[JobState.Running], s[JobState.Completed], s[JobState.Failed], s[JobState.Cancelled]),
            new Throughput(statistics.CompletedLastMinute, statistics.CompletedLastHour),
            await queue.CountAsync(),
            (await jobs.ListActiveAsync(tenant, 20, cancellationToken)).Select(JobSummary.From).ToList()));
    }
}
