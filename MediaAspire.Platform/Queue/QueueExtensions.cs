using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using MediaAspire.Platform.Jobs;

namespace MediaAspire.Platform.Queue;

public static class QueueExtensions
{
    /// <summary>The Aspire resource name of Redis: configured as <c>ConnectionStrings__cache</c>.</summary>
    public const string ConnectionName = "cache";

    public static IHostApplicationBuilder AddJobQueue(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<JobQueueOptions>(builder.Configuration.GetSection(JobQueueOptions.Section));
        builder.Services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var connectionString = sp.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionName)
                ?? throw new InvalidOperationException($"No Redis connection string: set ConnectionStrings__{ConnectionName}.");
            var configuration = ConfigurationOptions.Parse(connectionString);
            // Keep retrying in the background instead of failing start-up while Redis comes up.
            configuration.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(configuration);
        });
        builder.Services.AddSingleton<JobQueue>();
        builder.Services.AddSingleton<JobSubmitter>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        return builder;
    }
}

internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:F1} ms");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"Redis: {e.Message}");
        }
    }
}
