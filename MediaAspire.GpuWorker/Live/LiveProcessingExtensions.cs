using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Platform.Live;

namespace MediaAspire.GpuWorker.Live;

internal static class LiveProcessingExtensions
{
    public static IHostApplicationBuilder AddLiveRecording(this IHostApplicationBuilder builder)
    {
        builder.AddLiveStreams();
        builder.Services.Configure<LiveRecorderOptions>(builder.Configuration.GetSection(LiveRecorderOptions.Section));
        builder.Services.AddSingleton<LiveRecording>();
        builder.Services.AddSingleton<LiveAnalysis>();
        builder.Services.AddSingleton<IJobHandler, LiveJobHandler>();
        return builder;
    }
}
