using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using static MediaAspire.Api.Errors.Problems;

namespace MediaAspire.Api.Assets;

/// <summary>
/// The shape of what an asset gets from a job run on it (highlights, clips): under <c>/api/assets/{id}/{name}</c>, a JSON
/// POST that queues the job on the readable asset (202) and a GET that lists what the jobs made. Both are 404 for an asset
/// the caller's tenant does not have; the POST is 409 while the asset has not been probed, or could not be.
/// </summary>
internal static class AssetJobResource
{
    /// <param name="startName">The POST's operation id (e.g. <c>DetectHighlights</c>); <paramref name="listName"/> the GET's.</param>
    /// <returns>The POST, for the other answers it may give.</returns>
    public static RouteHandlerBuilder MapAssetJobResource<TRequest, TAccepted, TList>(this IEndpointRouteBuilder app, string name, string tag,
        Delegate start, string startName, string startSummary, Delegate list, string listName, string listSummary) where TRequest : notnull
    {
        var group = app.MapGroup($"/api/assets/{{id:guid}}/{name}").WithTags(tag);
        group.MapGet("/", list).WithName(listName).WithSummary(listSummary)
            .Produces<TList>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group.MapPost("/", start).WithName(startName).WithSummary(startSummary)
            .Accepts<TRequest>("application/json")
            .Produces<TAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>Runs <paramref name="start"/> on the asset once it is known to be readable; otherwise answers why it is not.</summary>
    public static async Task<IResult> StartAsync(Guid id, TenantScope tenant, AssetRepository assets, Func<Asset, MediaProbe, Task<IResult>> start,
        CancellationToken cancellationToken)
    {
        if (await assets.GetAsync(id, tenant, cancellationToken) is not { } asset) return NoAsset(id);
        if (asset.Probe is not { } probe) return NotProbed(asset);
        return await start(asset, probe);
    }

    /// <summary>200 with what <paramref name="list"/> finds, or 404 when the tenant has no such asset.</summary>
    public static async Task<IResult> ListAsync<TList>(Guid id, TenantScope tenant, AssetRepository assets, Func<Task<TList>> list,
        CancellationToken cancellationToken) =>
        await assets.GetAsync(id, tenant, cancellationToken) is null ? NoAsset(id) : TypedResults.Ok(await list());

    private static ProblemHttpResult NoAsset(Guid id) => Problem(StatusCodes.Status404NotFound, "No such asset", $"Asset {id} does not exist.");

    private static ProblemHttpResult NotProbed(Asset asset) =>
        Problem(StatusCodes.Status409Conflict, "Asset not readable yet", asset.Status == AssetStatus.Failed
            ? $"Asset {asset.Id} could not be read: {asset.Error}"
            : $"Asset {asset.Id} has not been probed yet; ask again once its probe job has finished.");
}
