namespace MediaAspire.AppHost.Hosting;

/// <summary>Aspire's resource states, with the same meaning.</summary>
public enum ResourceState
{
    NotStarted,
    Waiting,
    Starting,
    Running,
    RuntimeUnhealthy,
    Stopping,
    Exited,
    Finished,
    FailedToStart,
}

public enum HealthStatus { Unknown, Healthy, Unhealthy }

/// <param name="Message">Why it is unhealthy (the failing check's message), null when healthy.</param>
public sealed record HealthResult(HealthStatus Status, string? Message)
{
    public static readonly HealthResult Healthy = new(HealthStatus.Healthy, null);

    public static HealthResult Unhealthy(string message) => new(HealthStatus.Unhealthy, message);
}
