using MediaAspire.Api.Jobs;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Renditions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace MediaAspire.Api.Assets;

/// <param name="AssetUrl">Where to read the asset.</param>
/// <param name="JobUrl">Where to follow the probe job.</param>
public sealed record UploadAccepted(Guid AssetId, Guid JobId, string AssetUrl, string JobUrl);

public sealed record AssetResponse(Asset Asset, IReadOnlyList<JobSummary> Jobs, IReadOnlyList<RenditionResponse> Renditions);

internal static class AssetEndpoints
{
    public static IEndpointRouteBuilder MapAssetEndpoints(this IEndpointRouteBuilder app)
    {
        var assets = app.MapGroup("/api/assets").WithTags("Assets");

        assets.MapPost("/", UploadAsync)
            .WithSummary("Upload a video (multipart/form-data, one file part) and queue its probe")
            .Accepts<IFormFile>("multipart/form-data")
            .DisableAntiforgery()
            // The size cap is enforced while streaming (UploadOptions), not by Kestrel's default 30 MB.
            .WithMetadata(new Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute())
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        assets.MapGet("/{id:guid}", GetAsync).WithName("GetAsset").WithSummary("An asset, its probe and its jobs");
        return app;
    }

    private static async Task<Results<Accepted<UploadAccepted>, ProblemHttpResult>> UploadAsync(
        HttpRequest request, AssetIngestor ingestor, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Length == 0)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Expected multipart/form-data",
                "Send the video as a multipart/form-data request with one file part, e.g. curl -F file=@video.mp4.");
        }
        if (request.ContentLength > ingestor.MaxBytes + 64 * 1024)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Upload too large",
                $"The upload is larger than the {ingestor.MaxBytes:N0}-byte limit.");
        }

        var reader = new MultipartReader(HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value!, request.Body);
        try
        {
            for (var section = await reader.ReadNextSectionAsync(cancellationToken); section is not null;
                 section = await reader.ReadNextSectionAsync(cancellationToken))
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.IsFileDisposition())
                {
                    continue;
                }
                var filename = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "upload";
                var result = await ingestor.IngestAsync(section.Body, filename, section.ContentType ?? "application/octet-stream", cancellationToken);
                return TypedResults.Accepted($"/api/jobs/{result.Job.Id}", new UploadAccepted(
                    result.Asset.Id, result.Job.Id, $"/api/assets/{result.Asset.Id}", $"/api/jobs/{result.Job.Id}"));
            }
        }
        catch (UploadRejectedException e)
        {
            return Problem(e.StatusCode, e.Title, e.Message);
        }
        catch (InvalidDataException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed multipart body", e.Message);
        }
        return Problem(StatusCodes.Status400BadRequest, "No file in the request",
            "The multipart body has no file part; send one, e.g. curl -F file=@video.mp4.");
    }

    private static async Task<Results<Ok<AssetResponse>, NotFound>> GetAsync(
        Guid id, AssetRepository assets, JobRepository jobs, RenditionRepository renditions, CancellationToken cancellationToken)
    {
        var asset = await assets.GetAsync(id, cancellationToken);
        if (asset is null) return TypedResults.NotFound();
        var assetJobs = await jobs.ListForAssetAsync(id, cancellationToken);
        var made = await renditions.ListAsync(id, cancellationToken);
        return TypedResults.Ok(new AssetResponse(asset, assetJobs.Select(JobSummary.From).ToList(), made.Select(RenditionResponse.From).ToList()));
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
