using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MediaAspire.Platform.Live;

public static class LiveExtensions
{
    /// <summary>Live streams' rows, events and signals (needs the media database and the job queue's Redis).</summary>
    public static IHostApplicationBuilder AddLiveStreams(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LiveStreamRepository>();
        builder.Services.AddSingleton<LiveEventLog>();
        builder.Services.AddSingleton<LiveSignals>();
        return builder;
    }
}
