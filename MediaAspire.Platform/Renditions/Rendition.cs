namespace MediaAspire.Platform.Renditions;

/// <summary>One stored rendition of an asset. <see cref="StorageKey"/> is under <c>assets/{assetId:N}/renditions/</c>.</summary>
public sealed record Rendition(
    Guid AssetId,
    string Kind,
    string StorageKey,
    string ContentType,
    int? Width,
    int? Height,
    long SizeBytes,
    double? DurationSeconds)
{
    public static string KeyPrefix(Guid assetId) => $"assets/{assetId:N}/renditions/";
}
