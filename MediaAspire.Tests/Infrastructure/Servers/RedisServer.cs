using MediaAspire.Hosting.LocalServices;
namespace MediaAspire.Tests.Infrastructure.Servers;

/// <summary>A Redis server run from Debian's binary as a child process on a loopback port, password-protected.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private RedisServer(ChildProcess process, int port, string password)
    {
        _process = process;
        Port = port;
        Password = password;
    }

    public int Port { get; }
    public string Password { get; }
    public ChildProcess Process => _process;

    /// <summary>StackExchange.Redis syntax, as Aspire's Redis resource writes it.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},password={Password}";

    /// <param name="durable">Keep an append-only file in <paramref name="dataDirectory"/> so the queue survives restarts.</param>
    /// <param name="searchPath">Where to look for <c>redis-server</c>; null: PATH.</param>
    public static async Task<RedisServer> StartAsync(string dataDirectory, int port, string password, bool durable,
        Action<string>? onOutput = null, string? searchPath = null, CancellationToken cancellationToken = default)
    {
        var program = HostPrograms.OnPath("redis-server", "redis-server", searchPath);
        Directory.CreateDirectory(dataDirectory);

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = ChildProcess.Start(program,
            ["--port", port.ToString(), "--bind", "127.0.0.1", "--dir", dataDirectory, "--requirepass", password,
             "--save", "", "--appendonly", durable ? "yes" : "no", "--daemonize", "no"],
            onOutput: line =>
            {
                if (line.Contains("Ready to accept connections", StringComparison.Ordinal)) ready.TrySetResult();
                onOutput?.Invoke(line);
            });
        var server = new RedisServer(process, port, password);

        var exited = process.WaitForExitAsync(cancellationToken);
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(30), cancellationToken));
        if (first != ready.Task)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"Redis did not become ready:\n{process.RecentOutput}");
        }
        return server;
    }

    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(15));

    public async ValueTask DisposeAsync() => await _process.DisposeAsync();
}
