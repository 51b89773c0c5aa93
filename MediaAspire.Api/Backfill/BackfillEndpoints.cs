using System.Security.Claims;
using MediaAspire.Api.ApiKeys;
using MediaAspire.Api.Jobs;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Verdicts;
using Npgsql;

namespace MediaAspire.Api.Backfill;

/// <param name="Lacking">Readable assets still without a verdict by <paramref name="Model"/>.</param>
/// <param name="Unreadable">Assets whose probe failed: a backfill skips them.</param>
/// <param name="Job">The backfill under way (follow its progress at its url and events), or the one just started; null when there is nothing to do.</param>
public sealed record BackfillStatus(string Model, long Assets, long Classified, long Lacking, long Unreadable, JobSummary? Job);

/// <summary>
/// <c>/api/backfill</c>: classify every asset that lacks a verdict by the current model version (after a model
/// upgrade, or for assets uploaded before classification existed). One backfill runs at a time; starting one while
/// another runs, or when nothing lacks a verdict, changes nothing. Admin only: it costs the workers hours. A tenant's admin
/// backfills its tenant's assets; the operator's backfill covers every tenant.
/// </summary>
internal static class BackfillEndpoints
{
    public static IEndpointRouteBuilder MapBackfillEndpoints(this IEndpointRouteBuilder app)
    {
        var backfill = app.MapGroup("/api/backfill").WithTags("Backfill").RequireAuthorization(ApiKeyAuthenticationHandler.AdminPolicy);
        backfill.MapPost("/", StartAsync).WithName("StartBackfill")
            .WithSummary("Start classifying every asset without a verdict by the current model (202), or report the backfill under way / nothing to do (200)")
            .Produces<BackfillStatus>(StatusCodes.Status202Accepted)
            .Produces<BackfillStatus>(StatusCodes.Status200OK);
        backfill.MapGet("/", GetAsync).WithName("GetBackfill").WithSummary("How many assets have a verdict by the current model, and the backfill under way");
        return app;
    }

    private static async Task<IResult> StartAsync(
        ClaimsPrincipal user, VerdictRepository verdicts, JobRepository jobs, JobSubmitter submitter, CancellationToken cancellationToken)
    {
        var tenant = user.Tenant();
        var coverage = await verdicts.GetCoverageAsync(ClassifierModel.Current, tenant, cancellationToken);
        if (await jobs.FindUnfinishedAsync(JobKinds.Backfill, tenant.TenantId, cancellationToken) is { } running)
            return TypedResults.Ok(Status(coverage, running));
        if (coverage.Lacking == 0) return TypedResults.Ok(Status(coverage, null));
        try
        {
            var job = await submitter.SubmitAsync(null, JobKinds.Backfill, new BackfillParameters(tenant.AllTenants), cancellationToken, tenant.TenantId);
            return TypedResults.Accepted($"/api/jobs/{job.Id}", Status(coverage, job));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another request started one between our check and our insert (migration 0006 allows one).
            return TypedResults.Ok(Status(coverage, await jobs.FindUnfinishedAsync(JobKinds.Backfill, tenant.TenantId, cancellationToken)));
        }
    }

    private static async Task<BackfillStatus> GetAsync(ClaimsPrincipal user, VerdictRepository verdicts, JobRepository jobs, CancellationToken cancellationToken) =>
        Status(await verdicts.GetCoverageAsync(ClassifierModel.Current, user.Tenant(), cancellationToken),
            await jobs.FindUnfinishedAsync(JobKinds.Backfill, user.Tenant().TenantId, cancellationToken));

    private static BackfillStatus Status(VerdictCoverage coverage, Job? job) =>
        new(ClassifierModel.Current, coverage.Assets, coverage.Classified, coverage.Lacking, coverage.Unreadable, job is null ? null : JobSummary.From(job));
}
