namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// Runs the model locally: every instance gets a supervisor that waits for its dependencies to be
/// healthy, starts it, polls its health (every second while unhealthy, every 5 s while healthy) and
/// restarts it with exponential backoff when it dies (<see cref="CrashBackoff"/>). Stopping goes in
/// reverse start order (<see cref="DistributedApplicationModel.StartOrder"/>): dependants first.
/// </summary>
public sealed class Orchestrator : IAsyncDisposable
{
    private static readonly TimeSpan UnhealthyPoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HealthyPoll = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);

    private readonly DistributedApplicationModel _model;
    /// <summary>In start order.</summary>
    private readonly List<Supervisor> _supervisors = [];
    private readonly CancellationTokenSource _shutdown = new();
    private readonly HttpClient _http = new();

    internal Orchestrator(DistributedApplicationModel model, DistributedApplicationOptions options, StateDirectory state)
    {
        _model = model;
        var environment = new ServiceEnvironment(model, options);
        foreach (var instance in model.StartOrder)
        {
            IInstanceRunner runner = instance.Resource switch
            {
                PostgresServerResource postgres => new PostgresRunner(postgres, state),
                RedisResource redis => new RedisRunner(redis, state, options.SearchPath),
                ProjectResource project => new ProjectRunner(project, environment.For, _http),
                _ => throw new NotSupportedException($"Cannot run {instance.Resource} locally."),
            };
            _supervisors.Add(new Supervisor(instance, runner, this));
        }
    }

    public void Start()
    {
        foreach (var storage in _model.Resources.OfType<ObjectStorageResource>()) Directory.CreateDirectory(storage.Directory);
        foreach (var supervisor in _supervisors) supervisor.Run(_shutdown.Token);
    }

    /// <summary>Completes when every runnable resource is running and healthy; fails as soon as one cannot get there.</summary>
    public async Task WaitForAllHealthyAsync(CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waits = _model.Resources.OfType<IRunnableResource>().Select(r => WaitForHealthyAsync(r.Name, failed.Token)).ToList();
        while (waits.Count > 0)
        {
            var done = await Task.WhenAny(waits);
            if (done.IsFaulted) await failed.CancelAsync();
            await done;
            waits.Remove(done);
        }
    }

    /// <summary>Completes when every instance of <paramref name="resourceName"/> (or its parent server) is running and healthy.</summary>
    public async Task WaitForHealthyAsync(string resourceName, CancellationToken cancellationToken)
    {
        var resource = _model.Resources.SingleOrDefault(r => r.Name == resourceName)
            ?? throw new KeyNotFoundException($"No resource named '{resourceName}'.");
        await WaitForHealthyAsync(resource, cancellationToken);
    }

    /// <param name="failFast">Throw <see cref="ResourceFailedException"/> when the resource cannot start (a missing program,
    /// repeated failed starts); false waits for it regardless, as a dependant does (a start asked for may fix it).</param>
    internal async Task WaitForHealthyAsync(Resource resource, CancellationToken cancellationToken, bool failFast = true)
    {
        var runnable = resource is IResourceWithParent child ? child.Parent : resource;
        foreach (var instance in _model.InstancesOf(runnable))
        {
            while (!instance.IsHealthy)
            {
                if (failFast && instance.PermanentFailure is { } reason) throw new ResourceFailedException(instance.Name, reason);
                if (failFast && instance.State == ResourceState.FailedToStart && instance.StartFailures > 5)
                    throw new ResourceFailedException(instance.Name, "it keeps failing to start; its last output:\n" +
                        string.Join('\n', instance.Logs.Snapshot().TakeLast(15).Select(l => l.Text)));
                await instance.Changed.WaitAsync(cancellationToken);
            }
        }
    }

    public Task StopInstanceAsync(string name) => SupervisorOf(name).StopAsync();

    public void StartInstance(string name) => SupervisorOf(name).RequestStart();

    /// <summary>Counted in <see cref="ResourceInstance.Restarts"/>, not as a crash: it does not lengthen the crash backoff.</summary>
    public async Task RestartInstanceAsync(string name)
    {
        var supervisor = SupervisorOf(name);
        await supervisor.StopAsync();
        supervisor.Instance.Restarts++;
        supervisor.RequestStart();
    }

    /// <summary>Stops everything, dependants first (reverse start order), one at a time.</summary>
    /// <param name="stopped">Told of each instance once it has stopped.</param>
    public async Task StopAsync(Action<ResourceInstance>? stopped = null)
    {
        foreach (var supervisor in Enumerable.Reverse(_supervisors))
        {
            var wasRunning = supervisor.Instance.ProcessId is not null && supervisor.Instance.State is not (ResourceState.Finished or ResourceState.NotStarted);
            await supervisor.StopAsync();
            if (wasRunning) stopped?.Invoke(supervisor.Instance);
        }
        await _shutdown.CancelAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
    }

    private Supervisor SupervisorOf(string name) =>
        _supervisors.FirstOrDefault(s => s.Instance.Name == name) ?? throw new KeyNotFoundException($"No resource instance named '{name}'.");

    /// <summary>The life of one instance: wait, start, watch, restart; or stay stopped until asked to start.</summary>
    private sealed class Supervisor(ResourceInstance instance, IInstanceRunner runner, Orchestrator orchestrator)
    {
        private readonly SemaphoreSlim _startRequested = new(0);
        private readonly CrashBackoff _backoff = new();
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
            instance.PermanentFailure = null;
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
                await process.StopAsync(StopGrace);
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
                    await orchestrator.WaitForHealthyAsync(dependency.Target, shutdown, failFast: false);

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
                    // No retry will help; a start asked for (dashboard) tries again, e.g. once the package is installed.
                    instance.Logs.Append($"[apphost] {e.Message}");
                    instance.PermanentFailure = e.Message;
                    lock (_gate) _stopRequested = true;
                    instance.SetState(ResourceState.FailedToStart);
                    continue;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    instance.Logs.Append($"[apphost] failed to start: {e.Message}");
                    instance.StartFailures++;
                    instance.SetState(ResourceState.FailedToStart);
                    instance.Restarts++;
                    await Task.Delay(_backoff.OnCrash(null, DateTimeOffset.UtcNow), shutdown);
                    continue;
                }

                instance.StartFailures = 0;
                lock (_gate) _process = process;
                instance.SetState(ResourceState.Running, process.Id);
                // A stop that arrived while the process was starting found nothing to stop.
                if (StopRequested) await process.StopAsync(StopGrace);
                var healthySince = await WatchAsync(process, shutdown);

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
                await Task.Delay(_backoff.OnCrash(healthySince, DateTimeOffset.UtcNow), shutdown);
            }
        }

        /// <summary>Polls health until the process exits.</summary>
        /// <returns>Since when it had been healthy without a break when it exited (null: not healthy then).</returns>
        private async Task<DateTimeOffset?> WatchAsync(ChildProcess process, CancellationToken shutdown)
        {
            var exited = process.WaitForExitAsync(CancellationToken.None);
            DateTimeOffset? healthySince = null;
            while (!exited.IsCompleted)
            {
                var health = await runner.CheckHealthAsync(instance, shutdown);
                if (exited.IsCompleted) break;
                instance.SetHealth(health);
                healthySince = instance.HealthySince;
                var delay = health.Status == HealthStatus.Healthy ? HealthyPoll : UnhealthyPoll;
                await Task.WhenAny(exited, Task.Delay(delay, shutdown));
                shutdown.ThrowIfCancellationRequested();
            }
            return healthySince;
        }
    }
}
