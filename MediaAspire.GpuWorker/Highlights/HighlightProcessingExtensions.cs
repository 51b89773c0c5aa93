using MediaAspire.GpuWorker.Clips;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Platform.Clips;
using MediaAspire.Platform.Highlights;

namespace MediaAspire.GpuWorker.Highlights;

/// <summary>Wires the highlights (and clips) jobs into the worker: one line in <see cref="JobProcessingExtensions"/>.</summary>
internal static class HighlightProcessingExtensions
{
    public static IHostApplicationBuilder AddHighlightsAndClips(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<HighlightSettings>(builder.Configuration.GetSection(HighlightSettings.Section));
        builder.Services.AddSingleton<HighlightRepository>();
        builder.Services.AddSingleton<IJobHandler, HighlightJobHandler>();
        builder.Services.Configure<ClipSettings>(builder.Configuration.GetSection(ClipSettings.Section));
        builder.Services.AddSingleton<ClipRepository>();
        builder.Services.AddSingleton<ClipCutter>();
        builder.Services.AddSingleton<IJobHandler, ClipJobHandler>();
        return builder;
    }
}
