using System.Diagnostics;
using MediaAspire.Hosting.LocalServices;
using MediaAspire.Platform.Processes;

namespace MediaAspire.Tests.Infrastructure.Servers;

/// <summary>
/// A process this host started, with its output kept (last lines) and optionally echoed. Stopping asks
/// politely (a signal) and kills the whole tree if it does not exit in time. On Linux every child is
/// started through <c>setpriv --pdeathsig</c>, so the kernel stops it even when this host is killed
/// outright (SIGKILL, OOM): no orphan outlives the host. Each child has a session of its own (<c>setsid</c>), so a
/// terminal's Ctrl+C goes to the host only, never straight to PostgreSQL behind the host's back.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly int _stopSignal;

    private ChildProcess(Process process, int stopSignal)
    {
        _process = process;
        _stopSignal = stopSignal;
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public string RecentOutput
    {
        get { lock (_tail) return string.Join('\n', _tail); }
    }

    /// <param name="runAsUser">Drop to this user (only when running as root), e.g. PostgreSQL refuses root.</param>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null,
        string? workingDirectory = null, Action<string>? onOutput = null, int stopSignal = Signals.SIGTERM, string? runAsUser = null)
    {
        // The death signal fires when the forking *thread* ends: ParentDeathSignal forks every child from one thread that lives as long as the host.
        // A session of its own: Ctrl+C in the terminal reaches the host alone, which stops the children dependants first.
        var info = ParentDeathSignal.StartInfo(fileName, Signals.Name(stopSignal), runAsUser is not null && HostPrograms.IsRoot ? runAsUser : null, newSession: true);
        info.WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory;
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        if (environment is not null)
            foreach (var (key, value) in environment) info.Environment[key] = value;

        var process = ParentDeathSignal.Start(info);
        process.EnableRaisingEvents = true;
        var child = new ChildProcess(process, stopSignal);
        DataReceivedEventHandler handler = (_, e) =>
        {
            if (e.Data is null) return;
            lock (child._tail)
            {
                child._tail.Enqueue(e.Data);
                if (child._tail.Count > 200) child._tail.Dequeue();
            }
            onOutput?.Invoke(e.Data);
        };
        process.OutputDataReceived += handler;
        process.ErrorDataReceived += handler;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited) return;
        Signals.Send(_process.Id, _stopSignal);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }
}
