using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace MediaAspire.AppHost.Hosting;

/// <summary>How to start one kind of resource locally and how to tell it is healthy.</summary>
internal interface IInstanceRunner
{
    Task<ChildProcess> StartAsync(ResourceInstance instance, CancellationToken cancellationToken);

    Task<HealthResult> CheckHealthAsync(ResourceInstance instance, CancellationToken cancellationToken);
}

internal sealed class PostgresRunner(PostgresServerResource resource, StateDirectory state) : IInstanceRunner
{
    public async Task<ChildProcess> StartAsync(ResourceInstance instance, CancellationToken cancellationToken)
    {
        var server = await PostgresServer.StartAsync(state.Sub(resource.Name), instance.Port!.Value, resource.Password.Value,
            durable: true, instance.Logs.Append, cancellationToken);
        // Aspire creates the databases once the server accepts connections.
        foreach (var database in resource.Databases)
            await server.EnsureDatabaseAsync(database.DatabaseName, cancellationToken);
        return server.Process;
    }

    public async Task<HealthResult> CheckHealthAsync(ResourceInstance instance, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(resource.ConnectionString("postgres") + ";Pooling=false;Timeout=3");
            await connection.OpenAsync(cancellationToken);
            return HealthResult.Healthy;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthResult.Unhealthy(e.Message);
        }
    }
}

internal sealed class RedisRunner(RedisResource resource, StateDirectory state) : IInstanceRunner
{
    public async Task<ChildProcess> StartAsync(ResourceInstance instance, CancellationToken cancellationToken) =>
        (await RedisServer.StartAsync(state.Sub(resource.Name), instance.Port!.Value, resource.Password.Value,
            durable: true, instance.Logs.Append, cancellationToken)).Process;

    /// <summary>AUTH + PING over RESP; the AppHost needs no Redis client library for that.</summary>
    public async Task<HealthResult> CheckHealthAsync(ResourceInstance instance, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", instance.Port!.Value, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"AUTH {resource.Password.Value}\r\nPING\r\n"), timeout.Token);
            var buffer = new byte[256];
            var received = new StringBuilder();
            while (!received.ToString().Contains("PONG") && !received.ToString().Contains("-"))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0) break;
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            var reply = received.ToString();
            return reply.Contains("+PONG") ? HealthResult.Healthy : HealthResult.Unhealthy($"Redis answered: {reply.Trim()}");
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return HealthResult.Unhealthy($"Redis: {e.Message}");
        }
    }
}

internal sealed class ProjectRunner(ProjectResource resource, Func<ResourceInstance, IDictionary<string, string?>> environment, HttpClient http)
    : IInstanceRunner
{
    public Task<ChildProcess> StartAsync(ResourceInstance instance, CancellationToken cancellationToken)
    {
        if (!File.Exists(resource.AssemblyPath))
            throw new FileNotFoundException($"{resource.Name} is not built: {resource.AssemblyPath} is missing (dotnet build the solution).");
        return Task.FromResult(ChildProcess.Start("dotnet", [resource.AssemblyPath], environment(instance),
            workingDirectory: Path.GetDirectoryName(resource.AssemblyPath), onOutput: instance.Logs.Append));
    }

    public async Task<HealthResult> CheckHealthAsync(ResourceInstance instance, CancellationToken cancellationToken)
    {
        var check = resource.AnnotationsOf<HttpHealthCheckAnnotation>().FirstOrDefault();
        if (check is null) return HealthResult.Healthy;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await http.GetAsync($"http://127.0.0.1:{instance.Port}{check.Path}", timeout.Token);
            if (response.IsSuccessStatusCode) return HealthResult.Healthy;
            return HealthResult.Unhealthy(FailingChecks(await response.Content.ReadAsStringAsync(cancellationToken))
                ?? $"{check.Path} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return HealthResult.Unhealthy($"{check.Path}: {e.Message}");
        }
    }

    /// <summary>The services' /health writes {"checks":{name:{status,description}}}: name the ones failing.</summary>
    private static string? FailingChecks(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var failing = document.RootElement.GetProperty("checks").EnumerateObject()
                .Where(c => c.Value.GetProperty("status").GetString() != "Healthy")
                .Select(c => $"{c.Name}: {c.Value.GetProperty("description").GetString()}")
                .ToList();
            return failing.Count > 0 ? string.Join("; ", failing) : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
