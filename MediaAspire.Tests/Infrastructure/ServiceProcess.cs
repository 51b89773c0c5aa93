using System.Diagnostics;
using MediaAspire.Hosting.LocalServices;
using MediaAspire.Tests.Infrastructure.Servers;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>
/// A built service (the worker or the API) as a process of its own, configured like <see cref="ServiceFactory{TMarker}"/>
/// through environment variables (Aspire's names), so a test can SIGKILL it mid-job or mid-upload as a crash or an
/// out-of-memory kill would.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process, Uri? endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    /// <summary>Where the API listens (null for the worker).</summary>
    public Uri? Endpoint { get; }

    public static ServiceProcess StartWorker(ServersFixture servers, IReadOnlyDictionary<string, string> settings) =>
        Start(servers, "gpuworker", new Dictionary<string, string>(settings) { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" }, endpoint: null);

    /// <summary>The API on a free loopback port, once its <c>/health</c> answers 200.</summary>
    public static async Task<ServiceProcess> StartApiAsync(ServersFixture servers, IReadOnlyDictionary<string, string>? settings = null)
    {
        var endpoint = new Uri($"http://127.0.0.1:{HostPrograms.FreePort()}");
        var api = Start(servers, "api", new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["ASPNETCORE_URLS"] = endpoint.ToString(),
            ["MEDIAASPIRE_ADMIN_KEY"] = ServiceFactory<MediaAspire.Api.Assets.AssetIngestor>.AdminKey,
        }, endpoint);
        using var probe = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(5) };
        await Wait.UntilAsync(async () =>
        {
            if (api._process.HasExited) throw new InvalidOperationException($"The API exited during start-up with {api._process.ExitCode}.");
            try
            {
                return (await probe.GetAsync("/health")).IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(90), () => $"the API process to answer /health on {endpoint}");
        return api;
    }

    /// <summary>A client of the API process with the operator's key.</summary>
    public HttpClient CreateAdminClient()
    {
        var client = new HttpClient { BaseAddress = Endpoint ?? throw new InvalidOperationException("The worker has no endpoint.") };
        client.DefaultRequestHeaders.Add("X-Api-Key", ServiceFactory<MediaAspire.Api.Assets.AssetIngestor>.AdminKey);
        return client;
    }

    private static ServiceProcess Start(ServersFixture servers, string resource, IReadOnlyDictionary<string, string> settings, Uri? endpoint)
    {
        var dll = ProjectPaths.Of(resource);
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        info.Environment["ConnectionStrings__mediadb"] = servers.DatabaseConnectionString;
        info.Environment["ConnectionStrings__cache"] = servers.Redis.ConnectionString;
        info.Environment["ConnectionStrings__storage"] = $"Path={Path.Combine(servers.Root, "objects")}";
        info.Environment["Worker__ScratchDirectory"] = Path.Combine(servers.Root, "scratch");
        info.Environment["Scoring__WarmUp"] = "false";
        foreach (var (key, value) in settings) info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"The {resource} did not start.");
        // Drained so a chatty service never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(process, endpoint);
    }

    /// <summary>SIGKILL: no shutdown code runs; leases, queue messages, reservations and half-sent requests are left as they
    /// were. Its ffmpeg dies with it.</summary>
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
