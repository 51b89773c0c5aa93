using MediaAspire.Hosting.LocalServices;
using MediaAspire.Tests.Infrastructure;
using MediaAspire.Tests.Infrastructure.Servers;

namespace MediaAspire.Bench;

/// <summary>
/// MediaAspire as separate processes for end-to-end benchmarks: real PostgreSQL and Redis, the built API and,
/// when asked, the built worker, configured by Aspire's variable names as the AppHost would.
/// </summary>
public sealed class LocalSystem : IAsyncDisposable
{
    public const string AdminKey = "ma_bench-admin-key-0123456789";

    private readonly List<IAsyncDisposable> _owned = [];

    private LocalSystem(HttpClient client, ChildProcess api)
    {
        Client = client;
        Api = api;
    }

    public HttpClient Client { get; }
    public ChildProcess Api { get; }
    public ChildProcess? Worker { get; private set; }

    public static async Task<LocalSystem> StartAsync(string root, bool withWorker, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(root);
        // The postgres user must reach its data directory.
        for (var dir = new DirectoryInfo(root); !OperatingSystem.IsWindows() && dir is not null && dir.FullName != Path.GetTempPath().TrimEnd('/'); dir = dir.Parent)
            File.SetUnixFileMode(dir.FullName, (UnixFileMode)0b111_101_101);

        var postgres = await PostgresServer.StartAsync(Path.Combine(root, "postgres"), HostPrograms.FreePort(), "bench-pg", durable: false, cancellationToken: cancellationToken);
        await postgres.EnsureDatabaseAsync("mediadb", cancellationToken);
        var redis = await RedisServer.StartAsync(Path.Combine(root, "redis"), HostPrograms.FreePort(), "bench-redis", durable: false, cancellationToken: cancellationToken);
        var apiUrl = $"http://127.0.0.1:{HostPrograms.FreePort()}";
        var environment = new Dictionary<string, string?>(settings)
        {
            ["ConnectionStrings__mediadb"] = postgres.ConnectionString("mediadb"),
            ["ConnectionStrings__cache"] = redis.ConnectionString,
            ["ConnectionStrings__storage"] = $"Path={Path.Combine(root, "objects")}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["MEDIAASPIRE_ADMIN_KEY"] = AdminKey,
            ["Worker__ScratchDirectory"] = Path.Combine(root, "scratch"),
        };
        var api = ChildProcess.Start("dotnet", [ProjectPaths.Of("api")], new Dictionary<string, string?>(environment) { ["ASPNETCORE_URLS"] = apiUrl },
            workingDirectory: Path.GetDirectoryName(ProjectPaths.Of("api")));
        var client = new HttpClient { BaseAddress = new Uri(apiUrl), Timeout = TimeSpan.FromMinutes(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        var system = new LocalSystem(client, api);
        system._owned.AddRange([api, redis, postgres]);
        await WaitUntilHealthyAsync(client, api, cancellationToken);
        if (withWorker)
        {
            var workerUrl = $"http://127.0.0.1:{HostPrograms.FreePort()}";
            system.Worker = ChildProcess.Start("dotnet", [ProjectPaths.Of("gpuworker")],
                new Dictionary<string, string?>(environment) { ["ASPNETCORE_URLS"] = workerUrl, ["services__api__http__0"] = apiUrl },
                workingDirectory: Path.GetDirectoryName(ProjectPaths.Of("gpuworker")));
            system._owned.Insert(0, system.Worker);
            using var workerClient = new HttpClient { BaseAddress = new Uri(workerUrl) };
            await WaitUntilHealthyAsync(workerClient, system.Worker, cancellationToken);
        }
        return system;
    }

    private static Task WaitUntilHealthyAsync(HttpClient http, ChildProcess process, CancellationToken cancellationToken) =>
        Wait.UntilAsync(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException($"A service exited:\n{process.RecentOutput}");
            try
            {
                return (await http.GetAsync("/health", cancellationToken)).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), () => $"{http.BaseAddress} to be healthy:\n{process.RecentOutput}", TimeSpan.FromMilliseconds(250), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        foreach (var owned in _owned) await owned.DisposeAsync();
    }
}
