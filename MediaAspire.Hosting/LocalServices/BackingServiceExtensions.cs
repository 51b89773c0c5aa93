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
        return OrExit(() => builder.AddHostPostgres(serverName, password, builder.GetStateDirectory().Sub(serverName),
                PortSetting(builder, serverName))
            .AddDatabase(databaseName));
    }

    public static IResourceBuilder<IResourceWithConnectionString> AddRedisCache(this IDistributedApplicationBuilder builder, string name)
    {
        if (builder.UsesContainers())
            return builder.AddRedis(name).WithDataVolume().WithPersistence()
                .WithComputeResources("100m", "128Mi", "1", "1Gi").WithVolumeSize("2Gi");
        var password = builder.AddGeneratedSecret($"{name}-password");
        return OrExit(() => builder.AddHostRedis(name, password, builder.GetStateDirectory().Sub(name), PortSetting(builder, name)));
    }

    /// <summary>A server binary that is not installed is a one-line answer (which package to install) and exit code 1,
    /// not a stack trace from the middle of the app model.</summary>
    internal static T OrExit<T>(Func<T> add)
    {
        try
        {
            return add();
        }
        catch (DistributedApplicationMissingProgramException e)
        {
            Console.Error.WriteLine(e.Message);
            Environment.Exit(1);
            throw;
        }
    }

    /// <summary>Containers when publishing, or locally when asked for and a runtime is healthy.</summary>
    public static bool UsesContainers(this IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode) return true;
        if (!string.Equals(builder.Configuration["LocalServices:UseContainers"], "true", StringComparison.OrdinalIgnoreCase)) return false;
        if (ContainerRuntime.IsHealthy()) return true;
        Console.Error.WriteLine("LocalServices:UseContainers is set but no container runtime answers: PostgreSQL and Redis run as host processes.");
        builder.Configuration["LocalServices:UseContainers"] = "false"; // asked once, said once
        return false;
    }

    private static int? PortSetting(IDistributedApplicationBuilder builder, string name) =>
        int.TryParse(builder.Configuration[$"LocalServices:Ports:{name}"], out var port) ? port : null;
}
