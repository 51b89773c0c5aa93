using Microsoft.Extensions.Logging;

namespace MediaAspire.Platform.Storage;

/// <summary>
/// Removing objects nothing refers to any more. Best effort: failing the request or job that no longer needs them
/// (or hiding the error that made them unneeded) would cost more than bytes left behind, which are logged and lie
/// under a prefix that is removed whole later (the asset's, the upload's).
/// </summary>
public static class ObjectStoreCleanup
{
    public static async Task TryDeleteAsync(this IObjectStore store, string key, ILogger logger)
    {
        try
        {
            await store.DeleteAsync(key, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not delete the unreferenced object {Key}", key);
        }
    }

    public static async Task TryDeletePrefixAsync(this IObjectStore store, string prefix, ILogger logger)
    {
        try
        {
            await store.DeletePrefixAsync(prefix, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not delete every unreferenced object under {Prefix}", prefix);
        }
    }
}
