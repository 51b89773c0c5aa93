namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// Object storage for assets. Locally a directory in the state directory (there is no MinIO binary to
/// run here); published, a MinIO container that the services reach over the S3 protocol.
/// </summary>
public sealed class ObjectStorageResource(string name, string directory, ParameterResource accessKey, ParameterResource secretKey)
    : Resource(name), IResourceWithConnectionString
{
    public const string Image = "quay.io/minio/minio";
    public const string ImageTag = "RELEASE.2025-09-07T16-13-09Z";
    public const string Bucket = "mediaaspire";

    public override string Type => "Object storage";
    public string Directory { get; } = directory;
    public ParameterResource AccessKey { get; } = accessKey;
    public ParameterResource SecretKey { get; } = secretKey;

    public string ConnectionString() => $"Path={Directory}";

    public IReadOnlyDictionary<string, string> ConnectionProperties() => new Dictionary<string, string> { ["PATH"] = Directory };
}
