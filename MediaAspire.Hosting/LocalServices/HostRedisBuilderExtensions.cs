using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace MediaAspire.Hosting.LocalServices;

/// <summary>Redis as a host process, with an append-only file in the state directory so queued jobs survive a restart.</summary>
public static class HostRedisBuilderExtensions
{
    public static IResourceBuilder<HostRedisResource> AddHostRedis(this IDistributedApplicationBuilder builder,
        string name, IResourceBuilder<ParameterResource> password, string dataDirectory, int? port = null)
    {
        var redisServer = HostPrograms.OnPath("redis-server", "redis-server");
        var listenPort = port ?? HostPrograms.FreePort();
        Directory.CreateDirectory(dataDirectory);
        var redis = new HostRedisResource(name, redisServer, password.Resource, dataDirectory);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(redis, async (_, ct) =>
            connectionString = await redis.ConnectionStringExpression.GetValueAsync(ct));
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(
            _ => connectionString ?? throw new InvalidOperationException("Redis's connection string is not known yet."),
            name: healthCheckKey);

        return builder.AddResource(redis)
            .WithEndpoint(port: listenPort, targetPort: listenPort, scheme: "tcp", name: HostRedisResource.EndpointName, isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(listenPort.ToString());
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--dir");
                context.Args.Add(dataDirectory);
                context.Args.Add("--appendonly");
                context.Args.Add("yes");
                context.Args.Add("--requirepass");
                context.Args.Add(password.Resource);
            })
            .WithIconName("Memory")
            .WithHealthCheck(healthCheckKey);
    }
}
