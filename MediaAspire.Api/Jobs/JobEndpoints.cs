using System.Security.Claims;
using System.Text.Json;
using MediaAspire.Api.ApiKeys;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Queue;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MediaAspire.Api.Jobs;

public sealed record JobSummary(Guid Id, string Kind, JobState State, string? Stage, float Progress, string? Error, string Url)
{
    public static JobSummary From(Job job) =>
        new(job.Id, job.Kind, job.State, job.Stage, job.Progress, job.Error, $"/api/jobs/{job.Id}");
}

public sealed record JobResponse(
    Guid Id,
    Guid? AssetId,
    string Kind,
    JobState State,
    int Attempts,
    string? Stage,
    float Progress,
    string? Error,
    JsonElement? Result,
    JsonElement? Parameters,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<JobEvent> Events);

internal static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs").WithTags("Jobs");
        jobs.MapGet("/{id:guid}", GetAsync).WithName("GetJob").WithSummary("A job's state, result and history");
        jobs.MapGet("/{id:guid}/events", StreamEventsAsync).WithName("StreamJobEvents")
            .WithSummary("Server-Sent Events: the job's stage, progress and state until it ends (Last-Event-ID resumes)");
        jobs.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelJob")
            .WithSummary("Cancel a job: a pending one at once (200), a running one as soon as its worker stops it (202)")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<ServerSentEventsResult<JobProgressEvent>, NotFound>> StreamEventsAsync(
        Guid id, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, ClaimsPrincipal user, JobRepository jobs, CancellationToken cancellationToken)
    {
        var tenant = user.Tenant();
        if (await jobs.GetAsync(id, tenant, cancellationToken) is null) return TypedResults.NotFound();
        var after = long.TryParse(lastEventId, out var resumeAfter) ? resumeAfter : 0;
        return TypedResults.ServerSentEvents(JobEventStream.FollowAsync(id, tenant, after, jobs, cancellationToken));
    }

    private static async Task<Results<Ok<JobSummary>, Accepted<JobSummary>, NotFound, ProblemHttpResult>> CancelAsync(
        Guid id, ClaimsPrincipal user, JobRepository jobs, JobQueue queue, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var tenant = user.Tenant();
        var (outcome, state) = await jobs.RequestCancelAsync(id, tenant, cancellationToken);
        switch (outcome)
        {
            case CancelOutcome.NotFound:
                return TypedResults.NotFound();
            case CancelOutcome.AlreadyFinished:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Job already finished",
                    detail: $"The job is already {state.ToString()!.ToLowerInvariant()}; only pending or running jobs can be cancelled.");
            case CancelOutcome.Requested:
                try
                {
                    await queue.PublishCancelAsync(id);
                }
                catch (Exception e)
                {
                    // The request is in PostgreSQL: the worker still sees it at its next lease renewal.
                    loggers.CreateLogger(typeof(JobEndpoints)).LogWarning(e, "Could not publish the cancel of job {JobId}", id);
                }
                break;
        }
        var job = await jobs.GetAsync(id, tenant, cancellationToken);
        if (job is null) return TypedResults.NotFound();
        var summary = JobSummary.From(job);
        return outcome == CancelOutcome.Cancelled ? TypedResults.Ok(summary) : TypedResults.Accepted(summary.Url, summary);
    }

    private static async Task<Results<Ok<JobResponse>, NotFound>> GetAsync(Guid id, ClaimsPrincipal user, JobRepository jobs, CancellationToken cancellationToken)
    {
        var tenant = user.Tenant();
        var job = await jobs.GetAsync(id, tenant, cancellationToken);
        if (job is null) return TypedResults.NotFound();
        var events = await jobs.GetEventsAsync(id, tenant, cancellationToken);
        return TypedResults.Ok(new JobResponse(job.Id, job.AssetId, job.Kind, job.State, job.Attempts, job.Stage, job.Progress,
            job.Error, job.Result, job.Parameters, job.CreatedAt, job.UpdatedAt, job.StartedAt, job.FinishedAt, events));
    }
}
