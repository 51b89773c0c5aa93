using Microsoft.Extensions.Configuration;

namespace MediaAspire.AppHost.Hosting;

/// <summary>How the AppHost was asked to run: run mode (processes + dashboard) or a publisher.</summary>
public sealed record DistributedApplicationOptions(
    string? StateDirectory,
    int? DashboardPort,
    string? OtlpEndpoint,
    string? Publisher,
    string? OutputPath)
{
    public bool IsPublishMode => Publisher is not null;

    public static DistributedApplicationOptions From(IConfiguration configuration, string[] args) => new(
        configuration["MEDIAASPIRE_STATE_DIR"] ?? configuration["StateDirectory"],
        int.TryParse(configuration["Dashboard:Port"], out var dashboardPort) ? dashboardPort : null,
        configuration["OTEL_EXPORTER_OTLP_ENDPOINT"],
        ValueAfter(args, "--publisher"),
        ValueAfter(args, "--output-path"));

    private static string? ValueAfter(string[] args, string flag)
    {
        var index = Array.IndexOf(args, flag);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
