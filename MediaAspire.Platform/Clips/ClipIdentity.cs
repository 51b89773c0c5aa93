using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MediaAspire.Platform.Clips;

/// <summary>
/// A clip's identity: source asset, range (to the millisecond), mode and options (the captions burned in). The API
/// derives it when a clip is asked for and the worker when it records one, so the same request, a retried job or a
/// redelivered message always names the same clip, and the unique key in the database makes a second one impossible.
/// </summary>
public static class ClipIdentity
{
    /// <returns>The key stored with the clip and the clip's asset id, derived from the key (a name-based UUID, version 8).</returns>
    public static (string Key, Guid Id) For(Guid sourceAssetId, double start, double end, string mode, string? captions)
    {
        var captionsHash = captions is null ? "-" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(captions)));
        var canonical = string.Create(CultureInfo.InvariantCulture, $"{sourceAssetId:N}|{start:F3}|{end:F3}|{mode}|{captionsHash}");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return (Convert.ToHexStringLower(hash), new Guid(bytes, bigEndian: true));
    }
}
