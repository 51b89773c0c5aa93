using Aspire.Hosting.ApplicationModel;

namespace MediaAspire.Hosting.ObjectStorage;

/// <summary>MinIO, an S3 server, for published deployments. The connection string is the one the services' S3 store
/// parses (<c>Endpoint=…;AccessKey=…;SecretKey=…;Bucket=…</c>).</summary>
public sealed class MinioResource(string name, ParameterResource accessKey, ParameterResource secretKey)
    : ContainerResource(name), IResourceWithConnectionString
{
    public const string Image = "quay.io/minio/minio";
    public const string ImageTag = "RELEASE.2025-09-07T16-13-09Z";
    public const string EndpointName = "http";
    public const string Bucket = "mediaaspire";

    private EndpointReference? _primaryEndpoint;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, EndpointName);
    public ParameterResource AccessKey { get; } = accessKey;
    public ParameterResource SecretKey { get; } = secretKey;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Endpoint={PrimaryEndpoint.Property(EndpointProperty.Url)};AccessKey={AccessKey};SecretKey={SecretKey};Bucket={Bucket}");
}
