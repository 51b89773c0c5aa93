namespace MediaAspire.Api.Uploads;

/// <summary>A large file arriving in parts. <see cref="SizeBytes"/> and <see cref="Sha256"/> are what the client declared; completion checks the bytes against them.</summary>
public sealed record ResumableUpload(
    Guid Id,
    string Filename,
    string ContentType,
    long SizeBytes,
    string Sha256,
    UploadState State,
    Guid? AssetId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    Guid TenantId)
{
    public const int MaxParts = 10_000;

    /// <summary>All objects of an upload live under this prefix, so abort and expiry are one delete.</summary>
    public static string KeyPrefix(Guid uploadId) => $"uploads/{uploadId:N}/";

    /// <summary>Where one attempt at a part is stored: every attempt has a key of its own, so a late or repeated
    /// attempt never touches an object another request (a completion's join) is reading.</summary>
    public static string PartKey(Guid uploadId, int number, Guid attempt) => $"{KeyPrefix(uploadId)}parts/{number:D5}-{attempt:N}";
}
