using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Platform.Json;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>
/// What a tenant's storage use must be for some of its assets: each one's source plus the renditions it holds, read once
/// the asset's renditions job has finished (renditions count against the quota from the moment they are stored, so an
/// exact figure is only known then; a set refused over the quota holds nothing).
/// </summary>
public static class StoredBytes
{
    public static async Task<long> OfAsync(HttpClient client, params Guid[] assetIds)
    {
        long total = 0;
        foreach (var id in assetIds)
        {
            var url = $"/api/assets/{id}";
            await JobWaiter.OnAssetAsync(client, url, "renditions", job => job.GetProperty("state").GetString() is not ("pending" or "running"),
                "to finish", TimeSpan.FromSeconds(180));
            var asset = await client.GetFromJsonAsync<JsonElement>(url, PlatformJson.Options);
            total += asset.GetProperty("asset").GetProperty("size_bytes").GetInt64()
                + asset.GetProperty("renditions").EnumerateArray().Sum(r => r.GetProperty("size_bytes").GetInt64());
        }
        return total;
    }
}
