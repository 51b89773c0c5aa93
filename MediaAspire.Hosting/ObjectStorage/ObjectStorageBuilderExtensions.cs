using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using MediaAspire.Hosting.Deployment;
using MediaAspire.Hosting.LocalServices;

namespace MediaAspire.Hosting.ObjectStorage;

public static class ObjectStorageBuilderExtensions
{
    /// <summary>
    /// Object storage for assets under <paramref name="name"/> (<c>ConnectionStrings__{name}</c>). Run locally, a
    /// directory in the state directory (no MinIO binary exists for Debian); published, a MinIO container.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddObjectStorage(this IDistributedApplicationBuilder builder, string name)
    {
        if (!builder.UsesContainers())
        {
            var directory = builder.GetStateDirectory().Sub(name);
            Directory.CreateDirectory(directory);
            return builder.AddConnectionString(name, ReferenceExpression.Create($"Path={directory}"));
        }
        var accessKey = builder.AddGeneratedSecret($"{name}-access-key");
        var secretKey = builder.AddGeneratedSecret($"{name}-secret-key");
        return builder.AddResource(new MinioResource(name, accessKey.Resource, secretKey.Resource))
            .WithImage(MinioResource.Image, MinioResource.ImageTag)
            .WithArgs("server", "/data", "--console-address", ":9001")
            .WithHttpEndpoint(targetPort: 9000, name: MinioResource.EndpointName)
            .WithEnvironment("MINIO_ROOT_USER", accessKey)
            .WithEnvironment("MINIO_ROOT_PASSWORD", secretKey)
            .WithVolume($"{name}-data", "/data")
            .WithHttpHealthCheck("/minio/health/live")
            .WithComputeResources("100m", "256Mi", "2", "2Gi").WithVolumeSize("50Gi");
    }
}
