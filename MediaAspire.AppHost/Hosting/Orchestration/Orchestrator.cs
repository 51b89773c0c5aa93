namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// Runs the model locally: every instance gets a supervisor that waits for its dependencies to be
/// healthy, starts it, polls its health (every second while unhealthy, every 5 s while healthy) and
/// restarts it with exponential backoff when it dies. Stopping goes in reverse declaration order.
/// </summary>
public sealed class Orchestrator : IAsyncDisposable
{
    private static readonly TimeSpan UnhealthyPoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HealthyPoll = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly DistributedApplicationModel _model;
    private readonly Dictionary<ResourceInstance, Supervisor> _supervisors = [];
    private readonly CancellationTokenSource _shutdown = new();
    private readonly HttpClient _http = new();

    internal Orchestrator(DistributedApplicationModel model, DistributedApplicationOptions options, StateDirectory state)
    {
        _model = model;
        var environment = new ServiceEnvironment(model, options);
        foreach (var instance in model.Instances)
        {
            IInstanceRunner runner = instance.Resource switch
            {
                PostgresServerResource postgres => new PostgresRunner(postgres, state),
                RedisResource redis => new RedisRunner(redis, state),
                ProjectResource project => new ProjectRunner(project, environment.For, _http),
                _ => throw new NotSupportedException($"Cannot run {instance.Resource} locally."),
            };
            _supervisors[instance] = new Supervisor(instance, runner, this);
        }
    }

    public IReadOnlyList<ResourceInstance> Instances => _model.Instances;

    public void Start()
    {
        foreach (var storage in _model.Resources.OfType<ObjectStorageResource>()) Directory.CreateDirectory(storage.Directory);
        foreach (var supervisor in _supervisors.Values) supervisor.Run(_shutdown.Token);
    }

    /// <summary>Completes when every instance of <paramref name="resourceName"/> (or its parent server) is running and healthy.</summary>
    public async Task WaitForHealthyAsync(string resourceName, CancellationToken cancellationToken)
    {
        var resource = _model.Resources.SingleOrDefault(r => r.Name == resourceName)
            ?? throw new KeyNotFoundException($"No resource named '{resourceName}'.");
        await WaitForHealthyAsync(resource, cancellationToken);
    }

    internal async Task WaitForHealthyAsync(Resource resource, CancellationToken cancellationToken)
    {
        var runnable = resource is IResourceWithParent child ? child.Parent : resource;
        foreach (var instance in _model.InstancesOf(runnable))
        {
            while (!instance.IsHealthy)
            {
                if (instance.PermanentFailure is { } reason) throw new ResourceFailedException(instance.Name, reason);
                if (instance.State == ResourceState.FailedToStart && instance.Restarts > 5)
                    throw new ResourceFailedException(instance.Name, "it keeps failing to start; its last output:\n" +
                        string.Join('\n', instance.Logs.Snapshot().TakeLast(15).Select(l => l.Text)));
                await instance.Changed.WaitAsync(cancellationToken);
            }
        }
    }

    public Task StopInstanceAsync(string name) => SupervisorOf(name).StopAsync();

    public void StartInstance(string name) => SupervisorOf(name).RequestStart();

    public async Task RestartInstanceAsync(string name)
    {
        var supervisor = SupervisorOf(name);
        await supervisor.StopAsync();
        supervisor.Instance.Restarts++;
        supervisor.RequestStart();
    }

    /// <summary>Stops everything, dependants first (reverse declaration order).</summary>
    public async Task StopAsync()
    {
        foreach (var supervisor in _supervisors.Values.Reverse()) await supervisor.StopAsync();
        await _shutdown.CancelAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
    }

    private Supervisor SupervisorOf(string name) =>
        _supervisors.FirstOrDefault(s => s.Key.Name == name).Value ?? throw new KeyNotFoundException($"No resource instance named '{name}'.");

    private static TimeSpan Backoff(int restarts) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 500 * Math.Pow(2, Math.Max(0, restarts - 1))));

    /// <summary>The life of one instance: wait, start, watch, restart; or stay stopped until asked to start.</summary>
    private sealed class Supervisor(ResourceInstance instance, IInstanceRunner runner, Orchestrator orchestrator)
    {
        private readonly SemaphoreSlim _startRequested = new(0);
        private readonly object _gate = new();
        private ChildProcess? _process;
        private bool _stopRequested;
        // Set by StopAsync and consumed by the loop, so an exit we caused is never taken for a crash,
        // however soon a start request follows it.
        private bool _exitExpected;

        public ResourceInstance Instance => instance;

        private bool StopRequested
        {
            get { lock (_gate) return _stopRequested; }
        }

        public void Run(CancellationToken shutdown) => _ = Task.Run(() => LoopAsync(shutdown), shutdown);

        public void RequestStart()
        {
            lock (_gate)
            {
                if (!_stopRequested) return; // already running or starting: nothing to do
                _stopRequested = false;
            }
            _startRequested.Release();
        }

        public async Task StopAsync()
        {
            ChildProcess? process;
            lock (_gate)
            {
                _stopRequested = true;
                _exitExpected = true;
                process = _process;
            }
            if (process is not null && !process.HasExited)
            {
                instance.SetState(ResourceState.Stopping);
                await process.StopAsync(TimeSpan.FromSeconds(20));
            }
            // Recorded here, not by the loop, so a caller sees Finished as soon as StopAsync returns.
            if (instance.State != ResourceState.Finished) instance.SetState(ResourceState.Finished, exitCode: process?.ExitCode);
        }

        private async Task LoopAsync(CancellationToken shutdown)
        {
            while (!shutdown.IsCancellationRequested)
            {
                if (StopRequested)
                {
                    lock (_gate) _exitExpected = false;
                    await _startRequested.WaitAsync(shutdown);
                    continue;
                }
                instance.SetState(ResourceState.Waiting);
                foreach (var dependency in instance.Resource.AnnotationsOf<WaitAnnotation>())
                    await orchestrator.WaitForHealthyAsync(dependency.Target, shutdown);

                instance.SetState(ResourceState.Starting);
                if (orchestrator._model.MoveIfPortTaken(instance) is { } taken)
                    instance.Logs.Append($"[apphost] port {taken} was taken by another process; using {instance.Port}");
                ChildProcess process;
                try
                {
                    process = await runner.StartAsync(instance, shutdown);
                }
                catch (MissingDependencyException e)
                {
                    instance.Logs.Append($"[apphost] {e.Message}");
                    instance.PermanentFailure = e.Message;
                    instance.SetState(ResourceState.FailedToStart);
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    instance.Logs.Append($"[apphost] failed to start: {e.Message}");
                    instance.SetState(ResourceState.FailedToStart);
                    instance.Restarts++;
                    await Task.Delay(Backoff(instance.Restarts), shutdown);
                    continue;
                }

                lock (_gate) _process = process;
                instance.SetState(ResourceState.Running, process.Id);
                // A stop that arrived while the process was starting found nothing to stop.
                if (StopRequested) await process.StopAsync(TimeSpan.FromSeconds(20));
                await WatchAsync(process, shutdown);

                bool exitExpected;
                lock (_gate)
                {
                    _process = null;
                    exitExpected = _exitExpected;
                    _exitExpected = false;
                }
                if (exitExpected)
                {
                    // Stopped on request: wait for a start (which may already have been asked for).
                    await _startRequested.WaitAsync(shutdown);
                    continue;
                }
                instance.SetState(ResourceState.Exited, exitCode: process.ExitCode);
                instance.Restarts++;
                await Task.Delay(Backoff(instance.Restarts), shutdown);
            }
        }

        /// <summary>Polls health until the process exits.</summary>
        private async Task WatchAsync(ChildProcess process, CancellationToken shutdown)
        {
            var exited = process.WaitForExitAsync(CancellationToken.None);
            while (!exited.IsCompleted)
            {
                var health = await runner.CheckHealthAsync(instance, shutdown);
                if (exited.IsCompleted) break;
                instance.SetHealth(health);
                var delay = health.Status == HealthStatus.Healthy ? HealthyPoll : UnhealthyPoll;
                await Task.WhenAny(exited, Task.Delay(delay, shutdown));
                shutdown.ThrowIfCancellationRequested();
            }
        }
    }
}
