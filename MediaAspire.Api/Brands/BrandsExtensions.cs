using MediaAspire.Api.Assets.Brands;
using MediaAspire.Platform.Brands;

namespace MediaAspire.Api.Brands;

/// <summary>Wires the brands feature into the API: one line in the services, one in the routes.</summary>
internal static class BrandsExtensions
{
    public static IHostApplicationBuilder AddBrands(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<BrandOptions>(builder.Configuration.GetSection(BrandOptions.Section));
        builder.Services.AddSingleton<BrandRepository>();
        builder.Services.AddSingleton<BrandResultRepository>();
        return builder;
    }

    /// <summary><c>/api/brands</c> (the catalogue); the asset's brands are mapped with the asset's sub-resources.</summary>
    public static IEndpointRouteBuilder MapBrands(this IEndpointRouteBuilder app) => app.MapBrandEndpoints();
}
