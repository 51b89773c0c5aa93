namespace MediaAspire.AppHost.Hosting;

/// <summary>How to start one kind of resource locally and how to tell it is healthy.</summary>
internal interface IInstanceRunner
{
    Task<ChildProcess> StartAsync(ResourceInstance instance, CancellationToken cancellationToken);

    Task<HealthResult> CheckHealthAsync(ResourceInstance instance, CancellationToken cancellationToken);
}
