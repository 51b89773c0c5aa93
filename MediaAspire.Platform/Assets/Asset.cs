namespace MediaAspire.Platform.Assets;

/// <summary>An uploaded source file. <see cref="Filename"/> is the user's name for it, metadata only:
/// the bytes live under the server-generated <see cref="StorageKey"/>. It belongs to <see cref="TenantId"/> (see <see cref="Tenancy.TenantScope"/>).</summary>
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
    DateTimeOffset UpdatedAt,
    Guid TenantId)
{
    /// <summary>What made it (<see cref="AssetKinds"/>): an upload, a clip cut from another asset, or a live stream's recording.</summary>
    public string Kind { get; init; } = AssetKinds.Source;

    /// <summary>Every object of an asset (source, renditions, thumbnails…) lives under this prefix, so deleting it is one call.</summary>
    public static string KeyPrefix(Guid assetId) => $"assets/{assetId:N}/";

    public static string SourceKey(Guid assetId) => $"{KeyPrefix(assetId)}source";
}
