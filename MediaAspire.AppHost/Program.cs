using MediaAspire.AppHost.Hosting;

// Thin launcher: PostgreSQL, Redis, the API and the GPU worker on this machine, configured only
// through Aspire's environment conventions. Ctrl+C stops everything in reverse order.
using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopping.Cancel(); };
using var onSigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stopping.Cancel(); });

var state = StateDirectory.Resolve(Environment.GetEnvironmentVariable("MEDIAASPIRE_STATE_DIR"));
var apiPort = int.TryParse(Environment.GetEnvironmentVariable("MEDIAASPIRE_API_PORT"), out var p) ? p : 5080;
void Log(string resource, string line) => Console.WriteLine($"[{resource}] {line}");

try
{
    Console.WriteLine($"State directory: {state.Path}");
    await using var postgres = await PostgresServer.StartAsync(state.Sub("postgres"), FreePort.Next(),
        state.Secret("postgres-password"), durable: true, line => Log("postgres", line), stopping.Token);
    await postgres.EnsureDatabaseAsync("mediadb", stopping.Token);
    await using var redis = await RedisServer.StartAsync(state.Sub("redis"), FreePort.Next(),
        state.Secret("redis-password"), durable: true, line => Log("cache", line), stopping.Token);

    var adminKey = Environment.GetEnvironmentVariable("MEDIAASPIRE_ADMIN_KEY") ?? "ma_" + state.Secret("admin-key");
    var shared = new Dictionary<string, string?>
    {
        ["ConnectionStrings__mediadb"] = postgres.ConnectionString("mediadb"),
        ["ConnectionStrings__cache"] = redis.ConnectionString,
        ["ConnectionStrings__storage"] = $"Path={state.Sub("objects")}",
        ["DOTNET_ENVIRONMENT"] = "Development",
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
    };
    var apiUrl = $"http://localhost:{apiPort}";
    await using var api = ChildProcess.Start("dotnet", [ProjectPaths.Of("api")],
        new Dictionary<string, string?>(shared)
        {
            ["ASPNETCORE_URLS"] = apiUrl,
            ["OTEL_SERVICE_NAME"] = "api",
            ["MEDIAASPIRE_ADMIN_KEY"] = adminKey,
        },
        workingDirectory: Path.GetDirectoryName(ProjectPaths.Of("api")),
        onOutput: line => Log("api", line));
    await using var worker = ChildProcess.Start("dotnet", [ProjectPaths.Of("gpuworker")],
        new Dictionary<string, string?>(shared)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["OTEL_SERVICE_NAME"] = "gpuworker",
            ["services__api__http__0"] = apiUrl,
        },
        workingDirectory: Path.GetDirectoryName(ProjectPaths.Of("gpuworker")),
        onOutput: line => Log("gpuworker", line));

    using var http = new HttpClient();
    while (!stopping.IsCancellationRequested)
    {
        if (api.HasExited) throw new InvalidOperationException("The API exited during start-up; see its log above.");
        try
        {
            if ((await http.GetAsync($"{apiUrl}/health", stopping.Token)).IsSuccessStatusCode) break;
        }
        catch (HttpRequestException)
        {
        }
        await Task.Delay(250, stopping.Token);
    }

    Console.WriteLine($"""

        MediaAspire is up.
          API:            {apiUrl}   (reference: {apiUrl}/scalar, OpenAPI: {apiUrl}/openapi/v1.json)
          Admin API key:  {adminKey}
          Try:            curl -H "X-Api-Key: {adminKey}" -F file=@video.mp4 {apiUrl}/api/assets
        Press Ctrl+C to stop.

        """);
    await Task.Delay(Timeout.Infinite, stopping.Token);
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    Console.WriteLine("Stopping…");
}
catch (MissingDependencyException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
return 0;
