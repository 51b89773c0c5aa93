namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// One running copy of a resource (a server, or one replica of a project): what the dashboard shows
/// in a row and what tests wait on. Only its supervisor changes it.
/// </summary>
public sealed class ResourceInstance(Resource resource, string name, int replicaIndex)
{
    private const int HistoryLength = 200;
    private readonly object _gate = new();
    private readonly Queue<ResourceStateChange> _history = new();
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

    /// <summary>Why the instance cannot start at all (a missing program): no retry will help, only a start once it is fixed.</summary>
    public string? PermanentFailure { get; internal set; }

    /// <summary>Failed starts in a row (reset by a start that gets a process running).</summary>
    public int StartFailures { get; internal set; }

    /// <summary>Since when the instance has been running and healthy without a break; null while it is not.</summary>
    public DateTimeOffset? HealthySince { get; private set; }

    /// <summary>Every change of state or health, oldest first (the last 200).</summary>
    public IReadOnlyList<ResourceStateChange> History
    {
        get { lock (_gate) return [.. _history]; }
    }
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
            if (state != ResourceState.Running) HealthySince = null;
            Record();
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
            HealthySince = IsHealthy ? HealthySince ?? DateTimeOffset.UtcNow : null;
            Record();
        }
        NotifyChanged();
    }

    public bool IsHealthy => State == ResourceState.Running && Health == HealthStatus.Healthy;

    /// <summary>Completes at the next change of state or health.</summary>
    public Task Changed
    {
        get { lock (_gate) return _changed.Task; }
    }

    /// <summary>Called under the lock.</summary>
    private void Record()
    {
        _history.Enqueue(new ResourceStateChange(State, Health, DateTimeOffset.UtcNow));
        if (_history.Count > HistoryLength) _history.Dequeue();
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
