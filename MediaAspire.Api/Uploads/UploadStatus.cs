namespace MediaAspire.Api.Uploads;

/// <param name="ReceivedBytes">Sum of the parts received so far.</param>
/// <param name="Parts">What the server holds: a client resuming after a crash sends only the rest.</param>
public sealed record UploadStatus(
    Guid Id,
    string Filename,
    long SizeBytes,
    string Sha256,
    UploadState State,
    long ReceivedBytes,
    long MaxPartBytes,
    IReadOnlyList<UploadPart> Parts,
    Guid? AssetId,
    DateTimeOffset ExpiresAt,
    string Url);
