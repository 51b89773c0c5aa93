using System.Data.Common;

namespace MediaAspire.Platform.Storage;

/// <summary>
/// An S3-compatible store (MinIO, AWS S3, s3rver…) as named by an Aspire MinIO-style connection string:
/// <c>Endpoint=http://127.0.0.1:9000;AccessKey=…;SecretKey=…;Bucket=mediaaspire;PublicEndpoint=https://media.example.com;Region=us-east-1</c>.
/// </summary>
/// <param name="PublicEndpoint">Where users' browsers reach the store; presigned URLs are signed for this host. Defaults to <paramref name="Endpoint"/>.</param>
public sealed record S3StorageSettings(Uri Endpoint, string AccessKey, string SecretKey, string Bucket, Uri PublicEndpoint, string Region)
{
    public const string DefaultBucket = "mediaaspire";
    public const string DefaultRegion = "us-east-1";

    /// <returns>Null when the connection string names no <c>Endpoint</c> (so it is not an S3 store).</returns>
    public static S3StorageSettings? Parse(DbConnectionStringBuilder parts)
    {
        var endpoint = Value(parts, "Endpoint");
        if (endpoint is null) return null;
        var publicEndpoint = Value(parts, "PublicEndpoint") ?? endpoint;
        return new S3StorageSettings(
            AbsoluteUri(endpoint, "Endpoint"),
            Value(parts, "AccessKey") ?? throw Missing("AccessKey"),
            Value(parts, "SecretKey") ?? throw Missing("SecretKey"),
            Value(parts, "Bucket") ?? DefaultBucket,
            AbsoluteUri(publicEndpoint, "PublicEndpoint"),
            Value(parts, "Region") ?? DefaultRegion);
    }

    private static string? Value(DbConnectionStringBuilder parts, string name) =>
        parts.TryGetValue(name, out var value) && value is string text && text.Length > 0 ? text : null;

    private static Uri AbsoluteUri(string value, string name) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException($"Storage {name} '{value}' must be an absolute http(s) URL, e.g. http://127.0.0.1:9000.");

    private static InvalidOperationException Missing(string name) =>
        new($"The S3 storage connection string needs {name}=… beside Endpoint=….");
}
