using System.Text.Json;
using MediaAspire.Platform.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace MediaAspire.Api.Uploads.Bodies;

/// <summary>
/// Reads the ways a client sends a file in one request: a multipart part, JSON <c>{"video_base64"}</c>, or the
/// raw bytes as the body. Streams stay streams (a multipart part is only readable in place, so the caller's
/// <c>handle</c> runs inside); only inline base64 is buffered, within its own cap.
/// </summary>
internal static class UploadBodyReader
{
    /// <param name="acceptsAssetId">Whether JSON <c>{"asset_id"}</c> is a valid body here.</param>
    /// <exception cref="UploadRejectedException">The body is malformed, empty of a file, or over a cap.</exception>
    public static async Task<T> ReadAsync<T>(HttpRequest request, long maxBytes, long maxInlineBytes, bool acceptsAssetId,
        Func<UploadBody, Task<T>> handle, CancellationToken cancellationToken)
    {
        MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType);
        var type = mediaType?.MediaType.Value ?? "";
        if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            return await handle(await ReadInlineAsync(request, Math.Min(maxBytes, maxInlineBytes), acceptsAssetId, cancellationToken));
        if (request.ContentLength > maxBytes + 64 * 1024) throw TooLarge(maxBytes);
        if (!type.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return await handle(new UploadBody(request.Body, RawFilename(request), null, request.ContentLength));

        var boundary = HeaderUtilities.RemoveQuotes(mediaType!.Boundary);
        if (boundary.Length == 0)
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, "Malformed multipart body", "The multipart/form-data content type has no boundary.");
        var reader = new MultipartReader(boundary.Value!, request.Body);
        try
        {
            for (var section = await reader.ReadNextSectionAsync(cancellationToken); section is not null;
                 section = await reader.ReadNextSectionAsync(cancellationToken))
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
                    continue;
                var filename = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                return await handle(new UploadBody(section.Body, filename ?? "upload", null, request.ContentLength));
            }
        }
        catch (InvalidDataException e)
        {
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, "Malformed multipart body", e.Message);
        }
        throw new UploadRejectedException(StatusCodes.Status400BadRequest, "No file in the request",
            "The multipart body has no file part; send one, e.g. curl -F file=@video.mp4.");
    }

    /// <summary>
    /// JSON is decoded straight from UTF-8 into bytes (no intermediate string), inside a byte cap, so a clip
    /// costs about twice its size in memory once; anything larger belongs in a multipart or raw body.
    /// </summary>
    private static async Task<UploadBody> ReadInlineAsync(HttpRequest request, long maxInlineBytes, bool acceptsAssetId, CancellationToken cancellationToken)
    {
        var maxJsonBytes = maxInlineBytes / 3 * 4 + 64 * 1024;
        if (request.ContentLength > maxJsonBytes) throw TooLarge(maxInlineBytes, inline: true);
        InlineUpload? upload;
        try
        {
            await using var bounded = new MeasuringReadStream(request.Body, maxJsonBytes);
            upload = await JsonSerializer.DeserializeAsync<InlineUpload>(bounded, PlatformJson.Options, cancellationToken);
        }
        catch (UploadTooLargeException)
        {
            throw TooLarge(maxInlineBytes, inline: true);
        }
        catch (JsonException e)
        {
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, "Invalid JSON upload",
                $"The body must be {{\"video_base64\": \"<standard base64>\"}}{(acceptsAssetId ? " or {\"asset_id\": \"<uuid>\"}" : "")}: {e.Message}");
        }
        if (acceptsAssetId && upload?.AssetId is { } assetId)
        {
            if (upload.VideoBase64 is not null)
                throw new UploadRejectedException(StatusCodes.Status400BadRequest, "Both a video and an asset",
                    "Send either video_base64 or asset_id, not both.");
            return new UploadBody(null, "", assetId);
        }
        if (upload?.VideoBase64 is not { Length: > 0 } bytes)
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, "No video in the request",
                "The JSON body has no video_base64; send {\"video_base64\": \"<base64 of the file>\", \"filename\": \"clip.mp4\"}" +
                (acceptsAssetId ? ", or {\"asset_id\": \"<uuid>\"} for a video already uploaded." : "."));
        if (bytes.Length > maxInlineBytes) throw TooLarge(maxInlineBytes, inline: true);
        return new UploadBody(new MemoryStream(bytes, writable: false), upload.Filename ?? "clip", null, bytes.Length);
    }

    /// <summary>A raw body may name itself with Content-Disposition (as curl -T and browsers' fetch can) or ?filename=.</summary>
    private static string RawFilename(HttpRequest request)
    {
        if (ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var disposition))
        {
            var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
            if (!string.IsNullOrWhiteSpace(name)) return name;
        }
        return request.Query["filename"].FirstOrDefault() is { Length: > 0 } query ? query : "upload";
    }

    public static UploadRejectedException TooLarge(long limit, bool inline = false) =>
        new(StatusCodes.Status413PayloadTooLarge, "Upload too large", inline
            ? $"Inline video_base64 uploads are limited to {limit:N0} bytes of video; send larger files as multipart or as the raw body."
            : $"The upload is larger than the {limit:N0}-byte limit.");
}
