using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.AppHost.Hosting;
using MediaAspire.Platform.Json;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.AppHost;

/// <summary>
/// The AppHost as users run it, a process of its own: SIGTERM stops everything in reverse order and leaves no
/// process or port, the data is there after a restart, SIGKILL leaves no descendant behind (not even a postgres
/// backend or a job's ffmpeg), and a missing program stops the start with one line.
/// </summary>
public sealed class AppHostProcessTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly string _state = Directory.CreateTempSubdirectory("mediaaspire-apphost-process-").FullName;

    public AppHostProcessTests()
    {
        // The postgres user must be able to reach its data directory.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_state, (UnixFileMode)0b111_101_101);
    }

    [Fact]
    public async Task SIGTERM_stops_everything_dependants_first_leaving_no_process_or_port_and_a_restart_finds_the_data()
    {
        var clip = await TestMedia.TestPatternAsync(_state, 320, 240, seconds: 2);
        JsonElement before, after;
        List<string> stopped;
        IReadOnlyList<ProcessEntry> descendants, left;
        List<int> ports;
        int exitCode, appHostPid;
        await using (var first = AppHostProcess.Start(_state))
        {
            appHostPid = first.Pid;
            await first.WaitUntilUpAsync(StartTimeout);
            using var api = await first.ApiClientAsync();
            var assetId = await UploadAsync(api, clip);
            before = await WaitForRenditionsAsync(api, assetId);
            descendants = ProcessTree.Descendants(first.Pid);
            ports = (await first.ResourcesAsync()).EnumerateArray()
                .Select(r => new Uri(r.GetProperty("urls")[0].GetString()!).Port).Append(first.Dashboard.Port).ToList();

            first.Signal(Signals.SIGTERM);
            exitCode = await first.WaitForExitAsync(TimeSpan.FromSeconds(90));
            stopped = first.Output.Where(l => l.StartsWith("  stopped ", StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).ToList();
            left = await ProcessTree.WaitForExitAsync(descendants, TimeSpan.FromSeconds(5));
        }
        await using (var second = AppHostProcess.Start(_state))
        {
            await second.WaitUntilUpAsync(StartTimeout);
            using var api = await second.ApiClientAsync();
            after = await api.GetFromJsonAsync<JsonElement>($"/api/assets/{before.GetProperty("asset").GetProperty("id").GetGuid()}", PlatformJson.Options);
            var proxy = await api.GetByteArrayAsync(new Uri(after.GetProperty("renditions").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "proxy").GetProperty("url").GetString()!, UriKind.Relative));
            Assert.Equal(before.GetProperty("renditions").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "proxy").GetProperty("size_bytes").GetInt64(), proxy.LongLength);
            second.Signal(Signals.SIGTERM);
            Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        }

        Assert.Equal(0, exitCode);
        Assert.Equal(["gpuworker", "api", "cache", "postgres"], stopped);
        Assert.Contains(descendants, p => p.Name == "postgres");
        // Each child in a session of its own: a terminal's Ctrl+C reaches the AppHost alone, which stops them in order.
        Assert.All(descendants.Where(d => d.ParentPid == appHostPid), d => Assert.Equal(d.Pid, d.Session));
        Assert.Empty(left);
        Assert.Empty(ProcessTree.WithCommandLineContaining(_state));
        Assert.All(ports, port => Assert.True(FreePort.IsFree(port), $"port {port} is still taken"));
        // The second run found the asset, its probe and its stored renditions as the first left them.
        Assert.Equal(before.GetProperty("asset").ToString(), after.GetProperty("asset").ToString());
        Assert.Equal(before.GetProperty("renditions").ToString(), after.GetProperty("renditions").ToString());
    }

    [Fact]
    public async Task Killing_the_AppHost_with_SIGKILL_while_a_job_runs_leaves_no_descendant_process()
    {
        // A slow encode keeps ffmpeg busy for a long while: it is running when the AppHost dies.
        var clip = await TestMedia.TestPatternAsync(_state, 1280, 720, seconds: 20);
        await using var appHost = AppHostProcess.Start(_state, arguments: "--Renditions:ProxyPreset=veryslow");
        await appHost.WaitUntilUpAsync(StartTimeout);
        using var api = await appHost.ApiClientAsync();
        await UploadAsync(api, clip);

        var deadline = DateTime.UtcNow.AddSeconds(90);
        IReadOnlyList<ProcessEntry> descendants;
        while (!(descendants = ProcessTree.Descendants(appHost.Pid)).Any(p => p.Name == "ffmpeg"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no ffmpeg among {string.Join(", ", descendants)}");
            await Task.Delay(100);
        }
        appHost.Signal(Signals.SIGKILL); // no shutdown code runs in the AppHost
        await appHost.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var left = await ProcessTree.WaitForExitAsync(descendants, TimeSpan.FromSeconds(30));

        // Children (servers, services) and grandchildren (postgres backends, the worker's ffmpeg) alike.
        Assert.True(descendants.Count(p => p.Name == "postgres") > 1, string.Join(", ", descendants));
        Assert.Contains(descendants, p => p.Name == "ffmpeg");
        Assert.Contains(descendants, p => p.Name == "redis-server");
        Assert.Empty(left);
        Assert.Empty(ProcessTree.WithCommandLineContaining(_state));
    }

    [Fact]
    public async Task A_missing_redis_server_stops_the_start_with_one_line_naming_the_package()
    {
        // Every program of PATH but redis-server.
        var programs = Directory.CreateDirectory(Path.Combine(_state, "programs")).FullName;
        foreach (var directory in Environment.GetEnvironmentVariable("PATH")!.Split(':').Where(Directory.Exists).Distinct())
            foreach (var program in Directory.EnumerateFiles(directory).Where(f => Path.GetFileName(f) != "redis-server"))
                if (!File.Exists(Path.Combine(programs, Path.GetFileName(program))))
                    File.CreateSymbolicLink(Path.Combine(programs, Path.GetFileName(program)), program);

        await using var appHost = AppHostProcess.Start(_state, new Dictionary<string, string?> { ["PATH"] = programs });
        var exitCode = await appHost.WaitForExitAsync(StartTimeout);

        var errors = appHost.Errors.Where(l => l.Trim().Length > 0).ToList();
        Assert.NotEqual(0, exitCode);
        var error = Assert.Single(errors);
        Assert.Contains("apt-get install redis-server", error);
        Assert.StartsWith("cache ", error);
        // PostgreSQL, started beside it, was stopped again.
        Assert.Empty(ProcessTree.WithCommandLineContaining(_state));
    }

    private static async Task<Guid> UploadAsync(HttpClient api, string path)
    {
        using var content = new MultipartFormDataContent { { new StreamContent(File.OpenRead(path)), "file", Path.GetFileName(path) } };
        using var response = await api.PostAsync("/api/assets", content);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, accepted.ToString());
        return accepted.GetProperty("asset_id").GetGuid();
    }

    /// <summary>The asset once its probe and renditions jobs have completed.</summary>
    private static async Task<JsonElement> WaitForRenditionsAsync(HttpClient api, Guid assetId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var asset = await api.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}", PlatformJson.Options);
            var jobs = asset.GetProperty("jobs").EnumerateArray().ToList();
            if (jobs.Any(j => j.GetProperty("kind").GetString() == "renditions") && jobs.All(j => j.GetProperty("state").GetString() == "completed"))
                return asset;
            Assert.True(DateTime.UtcNow < deadline, asset.ToString());
            Assert.DoesNotContain(jobs, j => j.GetProperty("state").GetString() is "failed" or "cancelled");
            await Task.Delay(200);
        }
    }

    public void Dispose() => Directory.Delete(_state, recursive: true);
}
