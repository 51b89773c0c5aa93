using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MediaAspire.AppHost.Hosting;

namespace MediaAspire.Tests.AppHost;

/// <summary>The AppHost as users run it: a separate process. Killing it outright must not leave a single child behind.</summary>
public sealed class AppHostProcessTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("mediaaspire-apphost-kill-").FullName;

    [Fact]
    public async Task Killing_the_AppHost_with_SIGKILL_leaves_no_orphan_process()
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_state, (UnixFileMode)0b111_101_101);
        var appHost = typeof(ProjectPaths).Assembly.Location;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[appHost, $"--StateDirectory={_state}", "--Ports:api=0", "--Dashboard:Port=0"]) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && Regex.Match(e.Data, @"^Dashboard: (\S+)") is { Success: true } m) ready.TrySetResult(m.Groups[1].Value);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var dashboard = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri(dashboard) };
        var pids = await RunningPidsAsync(http, expected: 4, TimeSpan.FromSeconds(90));
        process.Kill(); // SIGKILL: no shutdown code runs in the AppHost
        await process.WaitForExitAsync();

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (pids.Any(IsAlive) && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.All(pids, pid => Assert.False(IsAlive(pid), $"process {pid} outlived the killed AppHost"));
    }

    private static async Task<List<int>> RunningPidsAsync(HttpClient http, int expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var resources = await http.GetFromJsonAsync<JsonElement>("/api/resources");
            var running = resources.EnumerateArray()
                .Where(r => r.GetProperty("state").GetString() == "Running" && r.GetProperty("pid").ValueKind == JsonValueKind.Number)
                .Select(r => r.GetProperty("pid").GetInt32()).ToList();
            if (running.Count == expected) return running;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"only {running.Count} of {expected} resources running: {resources}");
            await Task.Delay(250);
        }
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");

    public void Dispose() => Directory.Delete(_state, recursive: true);
}
