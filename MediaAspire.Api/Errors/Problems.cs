using MediaAspire.Platform.Assets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MediaAspire.Api.Assets.Highlights;

/// <summary>The ProblemDetails the highlights and clips endpoints answer with.</summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);

    public static ProblemHttpResult NoAsset(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such asset", detail: $"Asset {id} does not exist.");

    public static ProblemHttpResult NotProbed(Asset asset) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Asset not readable yet",
            detail: asset.Status == AssetStatus.Failed
                ? $"Asset {asset.Id} could not be read: {asset.Error}"
                : $"Asset {asset.Id} has not been probed yet; ask again once its probe job has finished.");
}
