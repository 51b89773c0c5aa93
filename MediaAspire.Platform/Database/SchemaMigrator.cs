using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MediaAspire.Platform.Database;

/// <summary>
/// Applies the embedded, numbered SQL migrations (<c>NNNN_name.sql</c>) in order, each in its own
/// transaction. A session-level advisory lock serialises instances that start together, so two
/// replicas never apply the same migration twice; the second simply finds nothing left to do.
/// </summary>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    // Any constant unique to this application; "MediaAsp" in ASCII.
    private const long AdvisoryLockKey = 0x4D65646961417370;

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);

            var applied = new HashSet<int>();
            await using (var command = new NpgsqlCommand("SELECT version FROM schema_migrations", connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetInt32(0));
            }

            var newlyApplied = new List<string>();
            foreach (var migration in EmbeddedMigrations().Where(m => !applied.Contains(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var command = new NpgsqlCommand(migration.Sql, connection, transaction))
                    await command.ExecuteNonQueryAsync(cancellationToken);
                await using (var record = new NpgsqlCommand(
                    "INSERT INTO schema_migrations (version, name) VALUES (@v, @n)", connection, transaction))
                {
                    record.Parameters.AddWithValue("v", migration.Version);
                    record.Parameters.AddWithValue("n", migration.Name);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied database migration {Version} {Name}", migration.Version, migration.Name);
                newlyApplied.Add(migration.Name);
            }
            return newlyApplied;
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record Migration(int Version, string Name, string Sql);

    private static IEnumerable<Migration> EmbeddedMigrations()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        const string prefix = "migrations/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..^".sql".Length];
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return new Migration(int.Parse(name.Split('_')[0]), name, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version);
    }
}
