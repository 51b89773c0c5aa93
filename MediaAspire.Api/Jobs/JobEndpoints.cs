using System.Text.Json;
using MediaAspire.Platform.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

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
        return app;
    }

    private static async Task<Results<Ok<JobResponse>, NotFound>> GetAsync(Guid id, JobRepository jobs, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(id, cancellationToken);
        if (job is null) return TypedResults.NotFound();
        var events = await jobs.GetEventsAsync(id, cancellationToken);
        return TypedResults.Ok(new JobResponse(job.Id, job.AssetId, job.Kind, job.State, job.Attempts, job.Stage, job.Progress,
            job.Error, job.Result, job.CreatedAt, job.UpdatedAt, job.StartedAt, job.FinishedAt, events));
    }
}
