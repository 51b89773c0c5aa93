using System.Text.Json;
using MediaAspire.Api.Jobs;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Renditions;
using MediaAspire.Platform.Json;
using MediaAspire.Platform.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MediaAspire.Api.Assets;

/// <param name="AssetUrl">Where to read the asset.</param>
/// <param name="JobUrl">Where to follow the probe job.</param>
/// <param name="Duplicate">True when the same bytes were already an asset: these are its ids, and nothing is processed again.</param>
public sealed record UploadAccepted(Guid AssetId, Guid JobId, string AssetUrl, string JobUrl, bool Duplicate)
{
    /// <summary>202 for a new asset (its probe is queued), 200 for bytes we already had.</summary>
    public static IResult Result(IngestResult result)
    {
        var body = new UploadAccepted(result.Asset.Id, result.Job.Id, $"/api/assets/{result.Asset.Id}", $"/api/jobs/{result.Job.Id}", result.Duplicate);
        return result.Duplicate ? TypedResults.Ok(body) : TypedResults.Accepted(body.JobUrl, body);
    }
}

public sealed record AssetResponse(Asset Asset, IReadOnlyList<JobSummary> Jobs, IReadOnlyList<RenditionResponse> Renditions);

/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record AssetPage(IReadOnlyList<Asset> Items, string? NextCursor);

/// <summary>The seed contract's inline upload: a short clip as base64 in JSON.</summary>
public sealed record InlineUpload(byte[]? VideoBase64, string? Filename);

internal static class AssetEndpoints
{
    // Long enough to start a download, short enough that a leaked link soon stops working.
    private static readonly TimeSpan SourceUrlLifetime = TimeSpan.FromMinutes(5);

    public static IEndpointRouteBuilder MapAssetEndpoints(this IEndpointRouteBuilder app)
    {
        var assets = app.MapGroup("/api/assets").WithTags("Assets").AddEndpointFilter<UploadRejectionFilter>();

        assets.MapPost("/", UploadAsync)
            .WithSummary("Upload a video (multipart/form-data with one file part, or JSON {\"video_base64\": …} for short clips) and queue its probe")
            // One Accepts: routing answers 415 for content types it does not list, and a second call would replace the first.
            .Accepts<InlineUpload>("multipart/form-data", "application/json")
            .DisableAntiforgery()
            // The size cap is enforced while streaming (UploadOptions), not by Kestrel's default 30 MB.
            .WithMetadata(new Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute())
            .Produces<UploadAccepted>(StatusCodes.Status202Accepted)
            .Produces<UploadAccepted>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        assets.MapGet("/", ListAsync).WithSummary("Assets, newest first, a page at a time; optionally only those with one status")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        assets.MapGet("/{id:guid}", GetAsync).WithName("GetAsset").WithSummary("An asset, its probe and its jobs");
        assets.MapGet("/{id:guid}/source", GetSourceAsync)
            .WithSummary("The original file: streamed with Range support, or a redirect to a short-lived URL when storage serves it directly");
        assets.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete an asset, its jobs and every stored object of it");
        return app;
    }

    private static async Task<IResult> UploadAsync(
        HttpRequest request, AssetIngestor ingestor, IOptions<UploadOptions> options, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
            return NotAnUploadRequest();
        if (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            return await UploadInlineAsync(request, ingestor, options.Value, cancellationToken);
        if (!mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Length == 0)
        {
            return NotAnUploadRequest();
        }
        if (request.ContentLength > ingestor.MaxBytes + 64 * 1024)
            return TooLarge(ingestor.MaxBytes);

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
                return UploadAccepted.Result(await ingestor.IngestAsync(section.Body, filename, null, cancellationToken));
            }
        }
        catch (InvalidDataException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed multipart body", e.Message);
        }
        return Problem(StatusCodes.Status400BadRequest, "No file in the request",
            "The multipart body has no file part; send one, e.g. curl -F file=@video.mp4.");
    }

    /// <summary>
    /// JSON is decoded straight from UTF-8 into bytes (no intermediate string), inside a byte cap, so a
    /// clip costs about twice its size in memory once; anything larger belongs in a multipart or resumable upload.
    /// </summary>
    private static async Task<IResult> UploadInlineAsync(HttpRequest request, AssetIngestor ingestor, UploadOptions options, CancellationToken cancellationToken)
    {
        var maxJsonBytes = options.MaxInlineBytes / 3 * 4 + 64 * 1024;
        if (request.ContentLength > maxJsonBytes) return TooLarge(options.MaxInlineBytes, inline: true);
        InlineUpload? upload;
        try
        {
            await using var bounded = new MeasuringReadStream(request.Body, maxJsonBytes);
            upload = await JsonSerializer.DeserializeAsync<InlineUpload>(bounded, PlatformJson.Options, cancellationToken);
        }
        catch (UploadTooLargeException)
        {
            return TooLarge(options.MaxInlineBytes, inline: true);
        }
        catch (JsonException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid JSON upload",
                $"The body must be {{\"video_base64\": \"<standard base64>\"}}: {e.Message}");
        }
        if (upload?.VideoBase64 is not { Length: > 0 } bytes)
            return Problem(StatusCodes.Status400BadRequest, "No video in the request",
                "The JSON body has no video_base64; send {\"video_base64\": \"<base64 of the file>\", \"filename\": \"clip.mp4\"}.");
        return UploadAccepted.Result(await ingestor.IngestAsync(new MemoryStream(bytes, writable: false), upload.Filename ?? "clip", null, cancellationToken));
    }

    private static async Task<Results<Ok<AssetPage>, ProblemHttpResult>> ListAsync(
        AssetRepository assets, CancellationToken cancellationToken, string? status = null, string? cursor = null, int limit = 50)
    {
        AssetStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<AssetStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return Problem(StatusCodes.Status400BadRequest, "Unknown status",
                    $"status must be one of: {string.Join(", ", Enum.GetNames<AssetStatus>().Select(n => n.ToLowerInvariant()))}.");
            wanted = parsed;
        }
        Guid? before = null;
        if (cursor is not null)
        {
            if (!Guid.TryParse(cursor, out var parsedCursor))
                return Problem(StatusCodes.Status400BadRequest, "Invalid cursor", "cursor must be the next_cursor of a previous page.");
            before = parsedCursor;
        }
        if (limit is < 1 or > 200)
            return Problem(StatusCodes.Status400BadRequest, "Invalid limit", "limit must be between 1 and 200.");

        // One more than asked tells whether another page exists.
        var page = await assets.ListAsync(wanted, before, limit + 1, cancellationToken);
        var items = page.Take(limit).ToList();
        return TypedResults.Ok(new AssetPage(items, page.Count > limit ? items[^1].Id.ToString() : null));
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

    private static async Task<IResult> GetSourceAsync(Guid id, AssetRepository assets, IObjectStore store, CancellationToken cancellationToken)
    {
        var asset = await assets.GetAsync(id, cancellationToken);
        if (asset is null) return TypedResults.NotFound();
        if (await store.GetReadUrlAsync(asset.StorageKey, SourceUrlLifetime, cancellationToken) is { } url)
            return TypedResults.Redirect(url.AbsoluteUri);
        try
        {
            var stream = await store.OpenReadAsync(asset.StorageKey, cancellationToken);
            return TypedResults.Stream(stream, asset.ContentType, asset.Filename, enableRangeProcessing: true);
        }
        catch (ObjectNotFoundException)
        {
            return Problem(StatusCodes.Status404NotFound, "Source missing", $"Asset {id} exists but its stored file is gone.");
        }
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(
        Guid id, AssetRepository assets, IObjectStore store, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // Rows first: once they are gone nothing points at the objects, so a failure below leaks bytes but never serves a half-deleted asset.
        if (!await assets.DeleteAsync(id, cancellationToken)) return TypedResults.NotFound();
        try
        {
            await store.DeletePrefixAsync(Asset.KeyPrefix(id), CancellationToken.None);
        }
        catch (Exception e)
        {
            loggers.CreateLogger(typeof(AssetEndpoints)).LogWarning(e, "Asset {AssetId} deleted, but not all of its objects under {Prefix}", id, Asset.KeyPrefix(id));
        }
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NotAnUploadRequest() =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "Expected multipart/form-data or JSON",
            "Send the video as a multipart/form-data request with one file part (curl -F file=@video.mp4), " +
            "or a short clip as JSON {\"video_base64\": \"…\"}; large files use the resumable /api/uploads protocol.");

    private static ProblemHttpResult TooLarge(long limit, bool inline = false) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Upload too large", inline
            ? $"Inline video_base64 uploads are limited to {limit:N0} bytes of video; send larger files as multipart or through /api/uploads."
            : $"The upload is larger than the {limit:N0}-byte limit.");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
