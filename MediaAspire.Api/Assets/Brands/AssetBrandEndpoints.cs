using System.Security.Claims;
using MediaAspire.Api.ApiKeys;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Brands;
using MediaAspire.Platform.Jobs;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using static MediaAspire.Api.Errors.Problems;

namespace MediaAspire.Api.Assets.Brands;

/// <summary>
/// <c>/api/assets/{id}/brands</c>: look for the tenant's brands in a video (a job: logos by local features, names in
/// on-screen text) and read what the last job found. One brands job per asset runs at a time: a second request while
/// one runs is 409 naming it.
/// </summary>
internal static class AssetBrandEndpoints
{
    public static IEndpointRouteBuilder MapAssetBrandEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapAssetJobResource<BrandsRequest, BrandsAccepted, BrandResult>("brands", "Brands",
            FindAsync, "FindAssetBrands", "Look for the tenant's brands (logos and names in on-screen text) in the video, sampled at fps frames a second (default 2); 202 with the job",
            GetAsync, "GetAssetBrands", "Where and how long each brand was on screen (appearances, exposure) and the text read on screen, from the last brands job");
        return app;
    }

    private static async Task<IResult> FindAsync(Guid id, [FromBody] BrandsRequest? request, ClaimsPrincipal user, AssetRepository assets,
        JobRepository jobs, JobSubmitter submitter, CancellationToken cancellationToken)
    {
        request ??= new BrandsRequest();
        if (request.Fps is { } fps && (!double.IsFinite(fps) || fps <= 0 || fps > BrandsRequest.MaxFps))
            return BadRequest("fps out of range", $"fps must be more than 0 and at most {BrandsRequest.MaxFps} frames a second.");
        return await AssetJobResource.StartAsync(id, user.Tenant(), assets, async (asset, probe) =>
        {
            if (probe.PrimaryVideo is null)
                return Problem(StatusCodes.Status409Conflict, "No video", $"Asset {asset.Id} has no video stream to look for brands in.");
            try
            {
                var job = await submitter.SubmitAsync(id, JobKinds.Brands, request, cancellationToken);
                return TypedResults.Accepted($"/api/jobs/{job.Id}",
                    new BrandsAccepted(job.Id, $"/api/jobs/{job.Id}", $"/api/jobs/{job.Id}/events", $"/api/assets/{id}/brands"));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                var running = (await jobs.ListForAssetAsync(id, user.Tenant(), cancellationToken)).LastOrDefault(j => j.Kind == JobKinds.Brands && j.State is JobState.Pending or JobState.Running);
                return Problem(StatusCodes.Status409Conflict, "Brands already being looked for",
                    $"A brands job for asset {id} is under way (job {running?.Id}); follow it at /api/jobs/{running?.Id} and ask again once it ends.");
            }
        }, cancellationToken);
    }

    private static Task<IResult> GetAsync(Guid id, ClaimsPrincipal user, AssetRepository assets, BrandResultRepository results, CancellationToken cancellationToken) =>
        AssetJobResource.ListAsync(id, user.Tenant(), assets, () => results.GetAsync(id, user.Tenant(), cancellationToken), cancellationToken);
}
