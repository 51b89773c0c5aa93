namespace MediaAspire.AppHost.Hosting;

/// <param name="Message">Why it is unhealthy (the failing check's message), null when healthy.</param>
public sealed record HealthResult(HealthStatus Status, string? Message)
{
    public static readonly HealthResult Healthy = new(HealthStatus.Healthy, null);

    public static HealthResult Unhealthy(string message) => new(HealthStatus.Unhealthy, message);
}
