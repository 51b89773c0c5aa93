using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Platform.Brands;

namespace MediaAspire.GpuWorker.Brands;

/// <summary>Wires the brands and logo jobs into the worker: one line in <see cref="JobProcessingExtensions"/>.</summary>
internal static class BrandProcessingExtensions
{
    public static IHostApplicationBuilder AddBrands(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<BrandSettings>(builder.Configuration.GetSection(BrandSettings.Section));
        builder.Services.AddSingleton<BrandRepository>();
        builder.Services.AddSingleton<BrandResultRepository>();
        builder.Services.AddSingleton<IJobHandler, BrandJobHandler>();
        builder.Services.AddSingleton<IJobHandler, LogoJobHandler>();
        return builder;
    }
}
