using System.Security.Cryptography;

namespace MediaAspire.GpuWorker.Jobs;

/// <summary>The SHA-256 an asset row records for a file a job made (a clip, a live recording).</summary>
public static class FileHashes
{
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }
}
