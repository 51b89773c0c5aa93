using Npgsql;

namespace MediaAspire.AppHost.Hosting;

/// <summary>Runs a PostgreSQL server from Debian's binaries and creates its databases; healthy when it accepts a connection.</summary>
internal sealed class PostgresRunner(PostgresServerResource resource, StateDirectory state) : IInstanceRunner
{
    public async Task<ChildProcess> StartAsync(ResourceInstance instance, CancellationToken cancellationToken)
    {
        var server = await PostgresServer.StartAsync(state.Sub(resource.Name), instance.Port!.Value, resource.Password.Value,
            durable: true, instance.Logs.Append, cancellationToken);
        try
        {
            // Aspire creates the databases once the server accepts connections.
            foreach (var database in resource.Databases)
                await server.EnsureDatabaseAsync(database.DatabaseName, cancellationToken);
        }
        catch
        {
            // A server left running would hold the data directory's lock, and every later start would fail.
            await server.DisposeAsync();
            throw;
        }
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
