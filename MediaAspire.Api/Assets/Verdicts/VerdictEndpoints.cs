using System.Security.Claims;
using MediaAspire.Api.ApiKeys;
using MediaAspire.Platform.Renditions;
using MediaAspire.Platform.Storage;
using MediaAspire.Platform.Verdicts;
using static MediaAspire.Api.Errors.Problems;

namespace MediaAspire.Api.Assets.Verdicts;

/// <summary>
/// <c>/api/assets/{id}/verdict</c> and <c>/poster</c>: what classifying an asset found, and the picture chosen from it.
/// Starting a classification is <c>/api/classify-video</c>'s.
/// </summary>
internal static class VerdictEndpoints
{
    public static IEndpointRouteBuilder MapVerdictEndpoints(this IEndpointRouteBuilder app)
    {
        var assets = app.MapGroup("/api/assets/{id:guid}").WithTags("Assets");
        assets.MapGet("/verdict", GetVerdictAsync).WithName("GetVerdict").WithSummary("The asset's verdict by the current model version")
            .Produces<Verdict>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        assets.MapGet("/poster", GetPosterAsync).WithName("GetPoster")
            .WithSummary("The asset's poster, as JPEG: the verdict's best non-explicit keyframe (none when all are explicit), or before classification the renditions' still")
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg")
            .Produces(StatusCodes.Status302Found)
            .ProducesProblem(StatusCodes.Status404NotFound);
        assets.MapGet("/keyframes/{index:int}", GetKeyframeImageAsync).WithName("GetKeyframeImage")
            .WithSummary("One of the verdict's keyframes (its image_url; index in the verdict's keyframes) as a small JPEG, for a keyframe strip")
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg")
            .Produces(StatusCodes.Status302Found)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> GetVerdictAsync(Guid id, ClaimsPrincipal user, VerdictRepository verdicts, CancellationToken cancellationToken) =>
        await verdicts.GetAsync(id, ClassifierModel.Current, user.Tenant(), cancellationToken) is { } verdict
            ? TypedResults.Ok(verdict)
            : Problem(StatusCodes.Status404NotFound, "No verdict", $"Asset {id} has no verdict by {ClassifierModel.Current} (yet); POST /api/classify-video with its asset_id.");

    private static async Task<IResult> GetPosterAsync(
        Guid id, ClaimsPrincipal user, VerdictRepository verdicts, RenditionRepository renditions, IObjectStore store, CancellationToken cancellationToken)
    {
        if (await AssetPoster.FindKeyAsync(id, user.Tenant(), verdicts, renditions, cancellationToken) is not { } key)
            return Problem(StatusCodes.Status404NotFound, "No poster",
                $"Asset {id} has no poster: it has no renditions yet, or its verdict found every keyframe explicit.");
        return await StoredObjectResults.ServeAsync(store, key, "image/jpeg", cancellationToken);
    }

    private static async Task<IResult> GetKeyframeImageAsync(
        Guid id, int index, ClaimsPrincipal user, VerdictRepository verdicts, IObjectStore store, CancellationToken cancellationToken)
    {
        if (await verdicts.GetAsync(id, ClassifierModel.Current, user.Tenant(), cancellationToken) is not { } verdict
            || index < 0 || index >= verdict.Keyframes.Count || verdict.Keyframes[index].ImageUrl is null)
            return Problem(StatusCodes.Status404NotFound, "No keyframe image",
                $"Asset {id} has no keyframe {index} with an image: it has no verdict by {ClassifierModel.Current}, fewer keyframes, or a verdict recorded before keyframe images were kept.");
        return await StoredObjectResults.ServeAsync(store, Verdict.KeyframeKey(id, verdict.Model, index), "image/jpeg", cancellationToken);
    }
}
