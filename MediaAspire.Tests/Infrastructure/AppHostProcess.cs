using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MediaAspire.AppHost.Hosting;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>
/// The AppHost as users run it: <c>dotnet MediaAspire.AppHost.dll</c>, a process of its own, with its console
/// output kept line by line, free ports, a fixed admin key and a state directory of the test's.
/// </summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    public const string AdminKey = "apphost-process-test-admin-key";

    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly List<string> _errors = [];

    private AppHostProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_errors, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;
    public IReadOnlyList<string> Output => Snapshot(_output);
    public IReadOnlyList<string> Errors => Snapshot(_errors);
    public int ExitCode => _process.ExitCode;
    public Uri Dashboard { get; private set; } = null!;

    /// <param name="environment">Variables to set (null removes one) for the AppHost, e.g. PATH.</param>
    public static AppHostProcess Start(string stateDirectory, IReadOnlyDictionary<string, string?>? environment = null, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[typeof(ProjectPaths).Assembly.Location, $"--StateDirectory={stateDirectory}", "--Ports:api=0", "--Dashboard:Port=0",
                     $"--Parameters:admin-key={AdminKey}", .. arguments])
            info.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) info.Environment.Remove(key); else info.Environment[key] = value;
        return new AppHostProcess(Process.Start(info)!);
    }

    /// <summary>Waits for the ready banner ("MediaAspire is up …"); fails with the output if the AppHost exits first.</summary>
    public async Task WaitUntilUpAsync(TimeSpan timeout)
    {
        await WaitForLineAsync(@"^MediaAspire is up", timeout);
        Dashboard = new Uri(Regex.Match(string.Join('\n', Output), @"^Dashboard: (\S+)", RegexOptions.Multiline).Groups[1].Value);
    }

    public async Task<string> WaitForLineAsync(string pattern, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Output.FirstOrDefault(l => Regex.IsMatch(l, pattern)) is { } line) return line;
            if (_process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"No line matching '{pattern}' (exited: {_process.HasExited}).\nout:\n{string.Join('\n', Output)}\nerr:\n{string.Join('\n', Errors)}");
            await Task.Delay(100);
        }
    }

    /// <summary>The dashboard's resource rows.</summary>
    public async Task<JsonElement> ResourcesAsync()
    {
        using var http = new HttpClient { BaseAddress = Dashboard };
        return await http.GetFromJsonAsync<JsonElement>("/api/resources");
    }

    /// <summary>A client for the API (first URL of the "api" row), with the admin key.</summary>
    public async Task<HttpClient> ApiClientAsync()
    {
        var api = (await ResourcesAsync()).EnumerateArray().Single(r => r.GetProperty("name").GetString() == "api");
        var client = new HttpClient { BaseAddress = new Uri(api.GetProperty("urls")[0].GetString()!) };
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }

    public void Signal(int signal) => Signals.Send(_process.Id, signal);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit(); // drains the output
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static void Append(List<string> lines, string? line)
    {
        if (line is null) return;
        lock (lines) lines.Add(line);
    }

    private static List<string> Snapshot(List<string> lines)
    {
        lock (lines) return [.. lines];
    }
}
