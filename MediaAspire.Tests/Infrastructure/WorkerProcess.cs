using System.Diagnostics;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>
/// The built worker as a process of its own, configured like <see cref="ServiceFactory{TMarker}"/> through environment
/// variables (Aspire's names), so a test can SIGKILL it mid-job as a crash or an out-of-memory kill would.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    public static WorkerProcess Start(ServersFixture servers, IReadOnlyDictionary<string, string> settings)
    {
        // The worker's own build output, beside the tests' (same configuration and target framework).
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(RepositoryRoot.Path, "MediaAspire.GpuWorker", "bin", framework.Parent!.Name, framework.Name, "MediaAspire.GpuWorker.dll");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        info.Environment["ConnectionStrings__mediadb"] = servers.DatabaseConnectionString;
        info.Environment["ConnectionStrings__cache"] = servers.Redis.ConnectionString;
        info.Environment["ConnectionStrings__storage"] = $"Path={Path.Combine(servers.Root, "objects")}";
        info.Environment["Worker__ScratchDirectory"] = Path.Combine(servers.Root, "scratch");
        info.Environment["Scoring__WarmUp"] = "false";
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in settings) info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("The worker did not start.");
        // Drained so a chatty worker never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process);
    }

    /// <summary>SIGKILL: no shutdown code runs, leases and queue messages are left as they were. Its ffmpeg dies with it.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) Kill();
        await Task.CompletedTask;
        _process.Dispose();
    }
}
