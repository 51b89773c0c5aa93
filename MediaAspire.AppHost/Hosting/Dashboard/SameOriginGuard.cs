using Microsoft.AspNetCore.Http;

namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// The dashboard can stop processes and shows what the API's admin key reads, so only the dashboard's own pages
/// may use it. Every request must name the dashboard itself as its Host (a loopback name and the port it was made
/// to), which defeats DNS rebinding (a hostile name resolving to 127.0.0.1); a request that changes something
/// (POST…) coming from a browser must come from the dashboard's own origin (Origin, Sec-Fetch-Site), so another
/// page open in the same browser cannot stop a service. Programs that send no Origin (curl) are let through.
/// </summary>
internal static class SameOriginGuard
{
    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    /// <returns>Null when allowed, else why not.</returns>
    public static string? Check(HttpRequest request, int localPort)
    {
        if (!IsDashboard(request.Host.Value, localPort))
            return $"Host '{request.Host.Value}' is not this dashboard (use http://localhost:{localPort}/).";
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)) return null;

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || !IsDashboard(uri.Authority, localPort)))
            return $"Origin '{origin}' may not control this dashboard.";
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
            return $"A {site} request may not control this dashboard.";
        return null;
    }

    private static bool IsDashboard(string? authority, int localPort)
    {
        if (string.IsNullOrEmpty(authority)) return false;
        var colon = authority.LastIndexOf(':');
        if (colon <= 0 || authority.EndsWith(']')) return false; // the port is always explicit
        return int.TryParse(authority.AsSpan(colon + 1), out var port) && port == localPort
            && LoopbackNames.Contains(authority[..colon], StringComparer.OrdinalIgnoreCase);
    }
}
