using System.Diagnostics;
using System.Text.RegularExpressions;
using MediaAspire.Hosting.LocalServices;
using MediaAspire.Tests.Infrastructure.Servers;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>
/// The real Aspire AppHost as users run it (<c>dotnet MediaAspire.AppHost.dll</c>, the launch profile's settings given
/// as environment), a process of its own: the dashboard on free ports, service ports randomised by DCP, a fixed admin
/// key, a state directory of the test's. Its console is kept line by line.
/// </summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    public const string AdminKey = "apphost-process-test-admin-key";

    private readonly Process _process;
    private readonly List<string> _output = [];

    private AppHostProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public IReadOnlyList<string> Output { get { lock (_output) return [.. _output]; } }
    public Uri Api { get; private set; } = null!;
    public Uri DashboardLogin { get; private set; } = null!;
    public Uri Dashboard => new(DashboardLogin.GetLeftPart(UriPartial.Authority));

    /// <param name="environment">Variables to set for the AppHost (e.g. a PATH without a server binary).</param>
    public static AppHostProcess Start(string stateDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var appHost = Path.Combine(RepositoryRoot.Path, "MediaAspire.AppHost", "bin", "Debug", "net10.0", "MediaAspire.AppHost.dll");
        var info = new ProcessStartInfo(Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? Environment.ProcessPath : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(appHost) };
        foreach (var a in (string[])[appHost, $"--StateDirectory={stateDirectory}", $"--Parameters:admin-key={AdminKey}", "--DcpPublisher:RandomizePorts=true"])
            info.ArgumentList.Add(a);
        info.Environment["ASPNETCORE_URLS"] = $"http://localhost:{HostPrograms.FreePort()}";
        info.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{HostPrograms.FreePort()}";
        info.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{HostPrograms.FreePort()}";
        info.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        // Opens the dashboard's telemetry API to the test (with a browser token it answered 401 to both an API key and
        // the signed-in browser's cookie here); the pages are the same.
        info.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        return new AppHostProcess(Process.Start(info)!);
    }

    /// <summary>Waits for the summary the AppHost prints once every resource is healthy, and reads the URLs from it.</summary>
    public async Task WaitUntilUpAsync(TimeSpan timeout)
    {
        await Wait.UntilAsync(() => Task.FromResult(Output.Any(l => l.StartsWith("MediaAspire is up", StringComparison.Ordinal)) || HasExited),
            timeout, () => $"the AppHost did not report all resources healthy:\n{string.Join('\n', Output.TakeLast(60))}");
        if (HasExited) throw new InvalidOperationException($"The AppHost exited ({_process.ExitCode}):\n{string.Join('\n', Output.TakeLast(60))}");
        Api = new Uri(Line(@"^\s+api\s+(http\S+)"));
        DashboardLogin = new Uri(Line(@"^\s+dashboard\s+(http\S+)"));
    }

    public string Line(string pattern) =>
        Output.Select(l => Regex.Match(l, pattern)).FirstOrDefault(m => m.Success)?.Groups[1].Value
        ?? throw new InvalidOperationException($"No line matches {pattern}:\n{string.Join('\n', Output.TakeLast(40))}");

    public HttpClient ApiClient()
    {
        var client = new HttpClient { BaseAddress = Api, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }

    public void Signal(int signal) => Signals.Send(_process.Id, signal);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signal(Signals.SIGTERM);
            try { await WaitForExitAsync(TimeSpan.FromSeconds(30)); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.Add(line);
    }
}
