using System.Globalization;
using System.Security.Claims;
using MediaAspire.Api.ApiKeys;
using MediaAspire.Api.Assets.Brands;
using MediaAspire.Api.Assets.Highlights;
using MediaAspire.Api.Assets.Renditions;
using MediaAspire.Api.Assets.Verdicts;
using MediaAspire.Api.Jobs;
using MediaAspire.Api.Uploads;
using MediaAspire.Api.Uploads.Bodies;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Clips;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Renditions;
using MediaAspire.Platform.Storage;
using MediaAspire.Platform.Verdicts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using static MediaAspire.Api.Errors.Problems;

namespace MediaAspire.Api.Assets;

internal static class AssetEndpoints
{
    public static IEndpointRouteBuilder MapAssetEndpoints(this IEndpointRouteBuilder app)
    {
        var assets = app.MapGroup("/api/assets").WithTags("Assets").AddEndpointFilter<UploadRejectionFilter>();

        assets.MapPost("/", UploadAsync).WithName("UploadAsset")
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

        assets.MapGet("/", ListAsync).WithName("ListAssets").WithSummary("Assets, newest first, a page at a time; optionally only those of a status, a kind, a verdict, a date on, or with a part of a name")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        assets.MapGet("/{id:guid}", GetAsync).WithName("GetAsset").WithSummary("An asset, its probe, its jobs, its renditions and its verdict");
        assets.MapGet("/{id:guid}/source", GetSourceAsync).WithName("GetAssetSource")
            .WithSummary("The original file: streamed with Range support, or a redirect to a short-lived URL when storage serves it directly")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .Produces(StatusCodes.Status206PartialContent, contentType: "application/octet-stream")
            .Produces(StatusCodes.Status302Found)
            .ProducesProblem(StatusCodes.Status404NotFound);
        assets.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteAsset").WithSummary("Delete an asset, its jobs and every stored object of it");
        // The asset's sub-resources, each in its own folder below this one.
        return app.MapRenditionEndpoints().MapVerdictEndpoints().MapHighlightsAndClips().MapAssetBrandEndpoints();
    }

    private static Task<IResult> UploadAsync(
        HttpRequest request, ClaimsPrincipal user, AssetIngestor ingestor, IOptions<UploadOptions> options, CancellationToken cancellationToken) =>
        UploadBodyReader.ReadAsync(request, ingestor.MaxBytes, options.Value.MaxInlineBytes, acceptsAssetId: false,
            async body => UploadAccepted.Result(await ingestor.IngestAsync(body.Content!, body.Filename, null, user.Tenant(), cancellationToken,
                sizeHint: body.MaxLength)),
            cancellationToken);

    /// <param name="q">A part of the filename, any case.</param>
    /// <param name="kind">source (an upload), clip or recording (a live stream's).</param>
    /// <param name="explicit">true or false: only assets whose verdict says so.</param>
    /// <param name="since">An ISO 8601 date or date-time: only assets created then or later.</param>
    private static async Task<Results<Ok<AssetPage>, ProblemHttpResult>> ListAsync(
        AssetRepository assets, ClaimsPrincipal user, CancellationToken cancellationToken, string? status = null, string? cursor = null, int limit = 50,
        string? q = null, string? kind = null, string? @explicit = null, string? since = null)
    {
        AssetStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<AssetStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return Problem(StatusCodes.Status400BadRequest, "Unknown status",
                    $"status must be one of: {string.Join(", ", Enum.GetNames<AssetStatus>().Select(n => n.ToLowerInvariant()))}.");
            wanted = parsed;
        }
        if (kind is not null && !AssetKinds.All.Contains(kind))
            return Problem(StatusCodes.Status400BadRequest, "Unknown kind", $"kind must be one of {string.Join(", ", AssetKinds.All)}.");
        if (q is { Length: > 200 })
            return Problem(StatusCodes.Status400BadRequest, "Search too long", "q (a part of the filename) must be at most 200 characters.");
        bool? isExplicit = null;
        if (@explicit is not null)
        {
            if (!bool.TryParse(@explicit, out var parsedExplicit))
                return Problem(StatusCodes.Status400BadRequest, "Invalid explicit", "explicit must be true or false.");
            isExplicit = parsedExplicit;
        }
        DateTimeOffset? from = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsedSince))
                return Problem(StatusCodes.Status400BadRequest, "Invalid since", "since must be an ISO 8601 date or date-time, e.g. 2026-12-01 or 2026-12-01T08:00:00Z.");
            from = parsedSince;
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
        var filter = new AssetFilter(wanted, kind, string.IsNullOrEmpty(q) ? null : q, isExplicit, from);
        var page = await assets.ListAsync(user.Tenant(), filter, ClassifierModel.Current, before, limit + 1, cancellationToken);
        var items = page.Take(limit).ToList();
        return TypedResults.Ok(new AssetPage(items, page.Count > limit ? items[^1].Id.ToString() : null));
    }

    private static async Task<Results<Ok<AssetResponse>, NotFound>> GetAsync(
        Guid id, ClaimsPrincipal user, AssetRepository assets, JobRepository jobs, RenditionRepository renditions, VerdictRepository verdicts,
        ClipRepository clips, CancellationToken cancellationToken)
    {
        var tenant = user.Tenant();
        var asset = await assets.GetAsync(id, tenant, cancellationToken);
        if (asset is null) return TypedResults.NotFound();
        var assetJobs = await jobs.ListForAssetAsync(id, tenant, cancellationToken);
        var made = await renditions.ListAsync(id, tenant, cancellationToken);
        var verdict = await verdicts.GetAsync(id, ClassifierModel.Current, tenant, cancellationToken);
        var clip = asset.Kind == AssetKinds.Clip ? (await clips.GetManyAsync([id], tenant, cancellationToken)).SingleOrDefault() : null;
        return TypedResults.Ok(new AssetResponse(asset, assetJobs.Select(JobSummary.From).ToList(), made.Select(RenditionResponse.From).ToList(), verdict,
            AssetPoster.Exists(verdict, made) ? Verdict.PosterPath(id) : null, clip));
    }

    private static async Task<IResult> GetSourceAsync(Guid id, ClaimsPrincipal user, AssetRepository assets, IObjectStore store, CancellationToken cancellationToken)
    {
        var asset = await assets.GetAsync(id, user.Tenant(), cancellationToken);
        if (asset is null) return TypedResults.NotFound();
        var served = await StoredObjectResults.ServeAsync(store, asset.StorageKey, asset.ContentType, cancellationToken, asset.Filename);
        return served.Result is NotFound
            ? Problem(StatusCodes.Status404NotFound, "Source missing", $"Asset {id} exists but its stored file is gone.")
            : served;
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, ClaimsPrincipal user, AssetRemover remover, CancellationToken cancellationToken) =>
        await remover.DeleteAsync(id, user.Tenant(), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}
