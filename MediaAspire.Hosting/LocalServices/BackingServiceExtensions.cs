using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using MediaAspire.Hosting.Deployment;

namespace MediaAspire.Hosting.LocalServices;

/// <summary>
/// PostgreSQL and Redis under the names services reference. Published, they are Aspire's own container resources;
/// run locally they are host processes from Debian's binaries, unless <c>LocalServices:UseContainers=true</c> and a
/// container runtime answers (checked with a timeout, so an unhealthy runtime never leaves the start waiting).
/// </summary>
public static class BackingServiceExtensions
{
    public static IResourceBuilder<IResourceWithConnectionString> AddPostgresDatabase(this IDistributedApplicationBuilder builder,
        string serverName, string databaseName)
    {
        if (builder.UsesContainers())
            return builder.AddPostgres(serverName).WithDataVolume()
                .WithComputeResources("250m", "512Mi", "2", "2Gi").WithVolumeSize("10Gi")
                .AddDatabase(databaseName);
        var password = builder.AddGeneratedSecret($"{serverName}-password");
        return builder.AddHostPostgres(serverName, password, builder.GetStateDirectory().Sub(serverName),
                PortSetting(builder, serverName))
            .AddDatabase(databaseName);
    }

    public static IResourceBuilder<IResourceWithConnectionString> AddRedisCache(this IDistributedApplicationBuilder builder, string name)
    {
        if (builder.UsesContainers())
            return builder.AddRedis(name).WithDataVolume().WithPersistence()
                .WithComputeResources("100m", "128Mi", "1", "1Gi").WithVolumeSize("2Gi");
        var password = builder.AddGeneratedSecret($"{name}-password");
        return builder.AddHostRedis(name, password, builder.GetStateDirectory().Sub(name), PortSetting(builder, name));
    }

    /// <summary>Containers when publishing, or locally when asked for and a runtime is healthy.</summary>
    public static bool UsesContainers(this IDistributedApplicationBuilder builder) =>
        builder.ExecutionContext.IsPublishMode
        || (string.Equals(builder.Configuration["LocalServices:UseContainers"], "true", StringComparison.OrdinalIgnoreCase)
            && ContainerRuntime.IsHealthy());

    private static int? PortSetting(IDistributedApplicationBuilder builder, string name) =>
        int.TryParse(builder.Configuration[$"LocalServices:Ports:{name}"], out var port) ? port : null;
}
