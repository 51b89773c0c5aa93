namespace MediaAspire.Platform.Tenancy;

/// <summary>A customer of the installation: its keys, assets and everything made from them are its own.</summary>
/// <param name="MaxBytes">Storage quota for its sources, bytes; null when unlimited.</param>
/// <param name="MaxAssets">Quota on its number of assets; null when unlimited.</param>
/// <param name="UsedBytes">Bytes its assets hold, plus what uploads in flight have reserved.</param>
/// <param name="AssetCount">Its assets, plus uploads in flight that reserved one.</param>
public sealed record Tenant(Guid Id, string Name, long? MaxBytes, long? MaxAssets, long UsedBytes, long AssetCount, DateTimeOffset CreatedAt);
