namespace MediaAspire.AppHost.Hosting;

/// <summary>An instance's state and health from <see cref="At"/> on (one entry of <see cref="ResourceInstance.History"/>).</summary>
public sealed record ResourceStateChange(ResourceState State, HealthStatus Health, DateTimeOffset At);
