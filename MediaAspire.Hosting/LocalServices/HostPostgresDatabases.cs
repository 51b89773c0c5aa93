using Npgsql;

namespace MediaAspire.Hosting.LocalServices;

/// <summary>Creating a database on a running server, as Aspire's <c>AddDatabase</c> does (the AppHost, and the test suite's server).</summary>
public static class HostPostgresDatabases
{
    /// <summary>Creates <paramref name="name"/> unless it exists.</summary>
    /// <param name="serverConnectionString">Any database of the server; this connects to <c>postgres</c>.</param>
    public static async Task EnsureAsync(string serverConnectionString, string name, CancellationToken cancellationToken)
    {
        // Not pooled: after a restart on the same port, a pooled connection would be one the old server closed.
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null) return;
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"")}\"", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }
}
