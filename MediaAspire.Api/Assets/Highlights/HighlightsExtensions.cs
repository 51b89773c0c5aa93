using MediaAspire.Api.Assets.Clips;
using MediaAspire.Platform.Captions;
using MediaAspire.Platform.Clips;
using MediaAspire.Platform.Highlights;

namespace MediaAspire.Api.Assets.Highlights;

/// <summary>Wires the highlights and clips feature into the API: one line in the services, one in the routes.</summary>
internal static class HighlightsExtensions
{
    public static IHostApplicationBuilder AddHighlightsAndClips(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<HighlightOptions>(builder.Configuration.GetSection(HighlightOptions.Section));
        builder.Services.AddSingleton<HighlightRepository>();
        builder.Services.AddSingleton<ClipRepository>();
        builder.Services.AddSingleton<AssetTranscripts>();
        return builder;
    }

    public static IEndpointRouteBuilder MapHighlightsAndClips(this IEndpointRouteBuilder app) => app.MapHighlightEndpoints().MapClipEndpoints();
}
