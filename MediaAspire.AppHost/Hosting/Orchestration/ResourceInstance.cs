namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// One running copy of a resource (a server, or one replica of a project): what the dashboard shows
/// in a row and what tests wait on. Only its supervisor changes it.
/// </summary>
public sealed class ResourceInstance(Resource resource, string name, int replicaIndex)
{
    private readonly object _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Resource Resource { get; } = resource;
    public string Name { get; } = name;
    public int ReplicaIndex { get; } = replicaIndex;
    public LogBuffer Logs { get; } = new();

    public ResourceState State { get; private set; } = ResourceState.NotStarted;
    public HealthStatus Health { get; private set; } = HealthStatus.Unknown;
    public string? HealthMessage { get; private set; }
    public int? ProcessId { get; private set; }
    public int Restarts { get; internal set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public int? ExitCode { get; private set; }
    public int? Port { get; internal set; }

    /// <summary>The port was configured (e.g. Ports:api), not picked: it is never moved.</summary>
    public bool PortIsFixed { get; internal set; }

    /// <summary>Why the instance cannot start at all (a missing program): no retry will help.</summary>
    public string? PermanentFailure { get; internal set; }
    public IReadOnlyList<string> Urls { get; internal set; } = [];

    public void SetState(ResourceState state, int? processId = null, int? exitCode = null)
    {
        lock (_gate)
        {
            State = state;
            if (state == ResourceState.Running && processId is not null)
            {
                ProcessId = processId;
                StartedAt = DateTimeOffset.UtcNow;
                ExitCode = null;
            }
            if (state is ResourceState.Exited or ResourceState.Finished or ResourceState.FailedToStart)
            {
                ExitCode = exitCode;
                Health = HealthStatus.Unknown;
            }
        }
        Logs.Append($"[apphost] state: {state}" + (exitCode is null ? "" : $" (exit code {exitCode})"));
        NotifyChanged();
    }

    public void SetHealth(HealthResult health)
    {
        lock (_gate)
        {
            if (Health == health.Status && HealthMessage == health.Message) return;
            Health = health.Status;
            HealthMessage = health.Message;
            if (State is ResourceState.Running or ResourceState.RuntimeUnhealthy)
                State = health.Status == HealthStatus.Unhealthy ? ResourceState.RuntimeUnhealthy : ResourceState.Running;
        }
        NotifyChanged();
    }

    public bool IsHealthy => State == ResourceState.Running && Health == HealthStatus.Healthy;

    /// <summary>Completes at the next change of state or health.</summary>
    public Task Changed
    {
        get { lock (_gate) return _changed.Task; }
    }

    private void NotifyChanged()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }
}
