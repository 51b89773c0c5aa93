using MediaAspire.Hosting.LocalServices;
using Npgsql;

namespace MediaAspire.Tests.Infrastructure.Servers;

/// <summary>
/// A PostgreSQL server run from Debian's binaries as a child process, with its own data directory,
/// loopback port and socket directory. PostgreSQL refuses to run as root, so under root it runs as
/// the <c>postgres</c> user.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private readonly ChildProcess _process;

    private PostgresServer(ChildProcess process, int port, string password)
    {
        _process = process;
        Port = port;
        Password = password;
    }

    public int Port { get; }
    public string Password { get; }
    public ChildProcess Process => _process;

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={Superuser};Password={Password};Database={database}";

    /// <param name="dataDirectory">Created and initialised on first use; reused (data kept) afterwards.</param>
    /// <param name="durable">False for throw-away test servers: no fsync, much faster.</param>
    public static async Task<PostgresServer> StartAsync(string dataDirectory, int port, string password, bool durable,
        Action<string>? onOutput = null, CancellationToken cancellationToken = default)
    {
        var bin = HostPrograms.PostgresBinaries();
        Directory.CreateDirectory(dataDirectory);
        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
            await InitialiseAsync(bin, dataDirectory, password, cancellationToken);

        List<string> arguments = ["-D", dataDirectory, "-p", port.ToString(), "-k", dataDirectory, "-c", "listen_addresses=127.0.0.1"];
        if (!durable) arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        // SIGINT is PostgreSQL's "fast shutdown": roll back sessions, checkpoint, exit.
        var process = StartAsPostgresUser(Path.Combine(bin, "postgres"), arguments, onOutput, Signals.SIGINT);
        var server = new PostgresServer(process, port, password);
        try
        {
            await server.WaitUntilAcceptingAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    public Task EnsureDatabaseAsync(string name, CancellationToken cancellationToken = default) =>
        HostPostgresDatabases.EnsureAsync(ConnectionString("postgres"), name, cancellationToken);

    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync() => await _process.DisposeAsync();

    private async Task WaitUntilAcceptingAsync(CancellationToken cancellationToken)
    {
        var refused = "";
        await Wait.UntilAsync(async () =>
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"PostgreSQL exited during start-up:\n{_process.RecentOutput}");
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false;Timeout=2");
                await connection.OpenAsync(cancellationToken);
                return true;
            }
            catch (NpgsqlException e)
            {
                refused = e.Message;
                return false;
            }
        }, TimeSpan.FromSeconds(60), () => $"PostgreSQL to accept connections (last: {refused})", TimeSpan.FromMilliseconds(100), cancellationToken);
    }

    private static async Task InitialiseAsync(string bin, string dataDirectory, string password, CancellationToken cancellationToken)
    {
        var passwordFile = Path.Combine(Path.GetTempPath(), $"mediaaspire-pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        try
        {
            if (HostPrograms.IsRoot)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", dataDirectory, passwordFile], cancellationToken);
            }
            var initdb = StartAsPostgresUser(Path.Combine(bin, "initdb"),
                ["-D", dataDirectory, "-U", Superuser, $"--pwfile={passwordFile}", "--auth-local=trust",
                 "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"], null, Signals.SIGTERM);
            await initdb.WaitForExitAsync(cancellationToken);
            if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
                throw new InvalidOperationException($"initdb failed:\n{initdb.RecentOutput}");
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static ChildProcess StartAsPostgresUser(string program, List<string> arguments, Action<string>? onOutput, int stopSignal) =>
        ChildProcess.Start(program, arguments, onOutput: onOutput, workingDirectory: "/", stopSignal: stopSignal, runAsUser: "postgres");

    private static async Task RunAsync(string program, List<string> arguments, CancellationToken cancellationToken)
    {
        await using var process = ChildProcess.Start(program, arguments);
        await process.WaitForExitAsync(cancellationToken);
    }
}
