using System.Text;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Storage;

namespace MediaAspire.Platform.Captions;

/// <summary>
/// The transcript stored with an asset: the WebVTT or SRT last posted with a highlights request, kept as posted under
/// the asset's key prefix (so it belongs to the asset's tenant and goes when the asset is deleted), for the captions
/// of vertical clips asked for without <c>captions_vtt</c>.
/// </summary>
public sealed class AssetTranscripts(IObjectStore store)
{
    public static string KeyOf(Guid assetId) => $"{Asset.KeyPrefix(assetId)}transcript";

    public async Task SaveAsync(Guid assetId, string transcript, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(transcript));
        await store.PutAsync(KeyOf(assetId), content, cancellationToken);
    }

    /// <returns>Null when the asset has no transcript stored.</returns>
    public async Task<string?> FindAsync(Guid assetId, CancellationToken cancellationToken)
    {
        try
        {
            await using var content = await store.OpenReadAsync(KeyOf(assetId), cancellationToken);
            using var reader = new StreamReader(content, Encoding.UTF8);
            return await reader.ReadToEndAsync(cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }
}
