using MediaAspire.Platform.Live;

namespace MediaAspire.Api.Live;

internal static class LiveApiExtensions
{
    public static IHostApplicationBuilder AddLiveApi(this IHostApplicationBuilder builder)
    {
        builder.AddLiveStreams();
        builder.Services.Configure<LiveOptions>(builder.Configuration.GetSection(LiveOptions.Section));
        builder.Services.AddSingleton<LiveSessions>();
        return builder;
    }
}
