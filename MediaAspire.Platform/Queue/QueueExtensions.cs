using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MediaAspire.Platform.Jobs;

namespace MediaAspire.Platform.Queue;

public static class QueueExtensions
{
    /// <summary>The Aspire resource name of Redis: configured as <c>ConnectionStrings__cache</c>.</summary>
    public const string ConnectionName = "cache";

    public static IHostApplicationBuilder AddJobQueue(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<JobQueueOptions>(builder.Configuration.GetSection(JobQueueOptions.Section));
        // Aspire's Redis client integration: health check, tracing, and a connection that keeps retrying in the
        // background instead of failing start-up while Redis comes up.
        builder.AddRedisClient(ConnectionName);
        builder.Services.AddSingleton<JobQueue>();
        builder.Services.AddSingleton<JobSubmitter>();
        return builder;
    }
}
