namespace MediaAspire.Platform.Assets;

/// <summary>An uploaded source file. <see cref="Filename"/> is the user's name for it, metadata only:
/// the bytes live under the server-generated <see cref="StorageKey"/>.</summary>
public sealed record Asset(
    Guid Id,
    string Filename,
    string ContentType,
    long SizeBytes,
    string Sha256,
    string StorageKey,
    AssetStatus Status,
    MediaProbe? Probe,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Every object of an asset (source, renditions, thumbnails…) lives under this prefix, so deleting it is one call.</summary>
    public static string KeyPrefix(Guid assetId) => $"assets/{assetId:N}/";

    public static string SourceKey(Guid assetId) => $"{KeyPrefix(assetId)}source";
}
