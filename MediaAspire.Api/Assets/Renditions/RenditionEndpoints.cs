using System.Security.Claims;
using System.Text.RegularExpressions;
using MediaAspire.Api.ApiKeys;
using MediaAspire.Platform.Renditions;
using MediaAspire.Platform.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MediaAspire.Api.Assets.Renditions;

internal static partial class RenditionEndpoints
{
    public static IEndpointRouteBuilder MapRenditionEndpoints(this IEndpointRouteBuilder app)
    {
        var renditions = app.MapGroup("/api/assets/{id:guid}/renditions").WithTags("Assets");
        renditions.MapGet("/{kind}", DownloadAsync).WithName("GetRendition")
            .WithSummary("Download one rendition: proxy, thumbnail, poster (hls: the master playlist)")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .Produces(StatusCodes.Status302Found)
            .ProducesProblem(StatusCodes.Status404NotFound);
        renditions.MapGet("/hls/{**file}", DownloadHlsFileAsync).WithName("GetHlsFile")
            .WithSummary("An HLS playlist or segment, for browser playback (segments by redirect where storage serves them)")
            .Produces(StatusCodes.Status200OK, contentType: "application/vnd.apple.mpegurl")
            .Produces(StatusCodes.Status302Found)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<RedirectHttpResult, FileStreamHttpResult, NotFound>> DownloadAsync(
        Guid id, string kind, ClaimsPrincipal user, RenditionRepository renditions, IObjectStore store, CancellationToken cancellationToken)
    {
        var rendition = (await renditions.ListAsync(id, user.Tenant(), cancellationToken)).FirstOrDefault(r => r.Kind == kind);
        if (rendition is null) return TypedResults.NotFound();
        if (rendition.Kind == RenditionKinds.Hls) return TypedResults.Redirect($"/api/assets/{id}/renditions/hls/master.m3u8");
        return await StoredObjectResults.ServeAsync(store, rendition.StorageKey, rendition.ContentType, cancellationToken);
    }

    /// <remarks>Playlists are streamed by the API, so the variants and segments they name resolve here; segments are
    /// served like any rendition (from a store that hands out URLs, by redirect).</remarks>
    private static async Task<Results<RedirectHttpResult, FileStreamHttpResult, NotFound>> DownloadHlsFileAsync(
        Guid id, string file, ClaimsPrincipal user, RenditionRepository renditions, IObjectStore store, CancellationToken cancellationToken)
    {
        if (!HlsFileName().IsMatch(file)) return TypedResults.NotFound();
        if (!(await renditions.ListAsync(id, user.Tenant(), cancellationToken)).Any(r => r.Kind == RenditionKinds.Hls)) return TypedResults.NotFound();
        var segment = file.EndsWith(".ts", StringComparison.Ordinal);
        return await StoredObjectResults.ServeAsync(store, $"{Rendition.KeyPrefix(id)}hls/{file}",
            segment ? "video/mp2t" : "application/vnd.apple.mpegurl", cancellationToken, redirect: segment);
    }

    /// <summary>Only names the worker writes (e.g. <c>720p/seg_003.ts</c>): nothing else under the prefix is reachable.</summary>
    [GeneratedRegex(@"^(master\.m3u8|[0-9]{2,4}p/(index\.m3u8|seg_[0-9]{3,5}\.ts))$")]
    private static partial Regex HlsFileName();
}
