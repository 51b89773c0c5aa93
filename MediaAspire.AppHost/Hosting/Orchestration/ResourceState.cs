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
