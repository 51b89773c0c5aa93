using Microsoft.Extensions.Configuration;

namespace MediaAspire.AppHost.Hosting;

/// <summary>How the AppHost was asked to run: run mode (processes + dashboard) or a publisher.</summary>
/// <param name="SearchPath">Where programs such as <c>redis-server</c> are looked for: PATH (from the environment, or <c>--PATH=…</c>).</param>
public sealed record DistributedApplicationOptions(
    string? StateDirectory,
    int? DashboardPort,
    string? OtlpEndpoint,
    string? Publisher,
    string? OutputPath,
    string? SearchPath)
{
    public bool IsPublishMode => Publisher is not null;

    public static DistributedApplicationOptions From(IConfiguration configuration, string[] args) => new(
        configuration["MEDIAASPIRE_STATE_DIR"] ?? configuration["StateDirectory"],
        int.TryParse(configuration["Dashboard:Port"], out var dashboardPort) ? dashboardPort : null,
        configuration["OTEL_EXPORTER_OTLP_ENDPOINT"],
        ValueAfter(args, "--publisher"),
        ValueAfter(args, "--output-path"),
        configuration["PATH"]);

    /// <summary>The value of <c>--flag value</c> or <c>--flag=value</c>; "" for a flag given without one; null when absent.</summary>
    private static string? ValueAfter(string[] args, string flag)
    {
        for (var i = args.Length - 1; i >= 0; i--)
        {
            if (args[i].StartsWith(flag + "=", StringComparison.Ordinal)) return args[i][(flag.Length + 1)..];
            if (args[i] == flag) return i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[i + 1] : "";
        }
        return null;
    }
}
