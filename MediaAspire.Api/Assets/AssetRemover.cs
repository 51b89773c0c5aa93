using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Storage;
using MediaAspire.Platform.Tenancy;

namespace MediaAspire.Api.Assets;

/// <summary>Deletes an asset: its rows (jobs, renditions, verdicts cascade) and every stored object under its key prefix.</summary>
public sealed class AssetRemover(AssetRepository assets, IObjectStore store, ILogger<AssetRemover> logger)
{
    /// <returns>False when <paramref name="tenant"/> has no such asset.</returns>
    public async Task<bool> DeleteAsync(Guid id, TenantScope tenant, CancellationToken cancellationToken)
    {
        // Rows first: once they are gone nothing points at the objects, so a failure below leaks bytes but never serves a half-deleted asset.
        if (!await assets.DeleteAsync(id, tenant, cancellationToken)) return false;
        await store.TryDeletePrefixAsync(Asset.KeyPrefix(id), logger);
        return true;
    }
}
