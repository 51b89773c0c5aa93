namespace MediaAspire.Api.WebUi;

/// <summary>
/// The product web UI (built from <c>web/</c> into <c>wwwroot</c> by <c>scripts/build-web.sh</c>), served anonymously: its
/// files hold no data, every call they make carries the user's key. Only the UI's own routes answer with
/// <c>index.html</c>, so a reload or a shared link opens the page while <c>/api</c>, <c>/health</c>, <c>/openapi</c> and
/// <c>/scalar</c> keep their own answers and unknown paths stay 404.
/// </summary>
internal static class WebUiEndpoints
{
    /// <summary>The client-side routes of <c>web/src/main.ts</c>.</summary>
    private static readonly string[] Routes = ["/", "/upload", "/library", "/assets/{id:guid}", "/brands", "/live", "/live/{id:guid}", "/admin"];

    public static IApplicationBuilder UseWebUiFiles(this IApplicationBuilder app) =>
        app.UseStaticFiles(new StaticFileOptions
        {
            // Vite names bundles by content hash: they never change, so browsers may keep them.
            OnPrepareResponse = context =>
            {
                if (context.Context.Request.Path.StartsWithSegments("/ui"))
                    context.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            },
        });

    public static IEndpointRouteBuilder MapWebUi(this IEndpointRouteBuilder app)
    {
        foreach (var route in Routes)
            app.MapFallbackToFile(route, "index.html").AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
