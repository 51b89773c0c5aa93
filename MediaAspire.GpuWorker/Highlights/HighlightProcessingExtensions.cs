using MediaAspire.GpuWorker.Jobs;
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
        return builder;
    }
}
