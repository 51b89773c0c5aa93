namespace MediaAspire.Api.Uploads.Bodies;

/// <summary>Why an upload was refused, as an HTTP status and a sentence for the user.</summary>
public sealed class UploadRejectedException(int statusCode, string title, string detail) : Exception(detail)
{
    public int StatusCode { get; } = statusCode;
    public string Title { get; } = title;

    public static UploadRejectedException NotMedia(ReadOnlySpan<byte> head) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Not a media file", MediaSniffer.Explain(head));
}
