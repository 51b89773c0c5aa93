using MediaAspire.Platform.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace MediaAspire.Api.Assets;

/// <summary>
/// How the API hands out a stored object (a source, a rendition): a redirect to a short-lived URL when the
/// store serves objects itself (S3, signed for its public endpoint; the store honours Range), else the bytes
/// streamed from the store with HTTP Range support. Either way the client gets the same content type and name.
/// </summary>
internal static class StoredObjectResults
{
    // Long enough to start a download, short enough that a leaked link soon stops working.
    private static readonly TimeSpan UrlLifetime = TimeSpan.FromMinutes(5);

    /// <param name="downloadName">Offered as the file name to save under; null for media shown inline.</param>
    /// <param name="redirect">False to stream even from a store that hands out URLs (an HLS playlist, whose
    /// relative references must resolve against the API, not the store).</param>
    public static async Task<Results<RedirectHttpResult, FileStreamHttpResult, NotFound>> ServeAsync(
        IObjectStore store, string key, string contentType, CancellationToken cancellationToken, string? downloadName = null, bool redirect = true)
    {
        try
        {
            if (redirect && await store.GetReadUrlAsync(key, UrlLifetime, contentType, Disposition(downloadName), cancellationToken) is { } url)
                return TypedResults.Redirect(url.AbsoluteUri);
            var stream = await store.OpenReadAsync(key, cancellationToken);
            // Range needs a length and seeking, which the filesystem store's streams have and an S3 body has not.
            return TypedResults.Stream(stream, contentType, downloadName, enableRangeProcessing: stream.CanSeek);
        }
        catch (ObjectNotFoundException)
        {
            return TypedResults.NotFound();
        }
    }

    /// <summary>The header ASP.NET writes for a named file download, so both ways of serving name it alike.</summary>
    private static string? Disposition(string? downloadName)
    {
        if (downloadName is null) return null;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(downloadName);
        return disposition.ToString();
    }
}
