using System.Text.RegularExpressions;
using Npgsql;

namespace MediaAspire.Platform.Tenancy;

/// <summary>Tenants, found or created by name, and their quota use.</summary>
public sealed partial class TenantRepository(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, name, max_bytes, max_assets, used_bytes, asset_count, created_at";

    /// <summary>Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters (the migration checks it too).</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>The tenant called <paramref name="name"/>, created (with no quota) if there is none yet.</summary>
    public async Task<Tenant> FindOrCreateAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH created AS (
                INSERT INTO tenants (id, name) VALUES (@id, @name) ON CONFLICT (name) DO NOTHING RETURNING {Columns})
            SELECT {Columns} FROM created UNION ALL SELECT {Columns} FROM tenants WHERE name = @name
            LIMIT 1
            """);
        command.Parameters.AddWithValue("id", Guid.CreateVersion7());
        command.Parameters.AddWithValue("name", name);
        return await ReadOneAsync(command, cancellationToken)
            ?? throw new InvalidOperationException($"Tenant {name} was neither found nor created.");
    }

    public async Task<Tenant?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM tenants WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return await ReadOneAsync(command, cancellationToken);
    }

    public async Task<Tenant?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM tenants WHERE name = @name");
        command.Parameters.AddWithValue("name", name);
        return await ReadOneAsync(command, cancellationToken);
    }

    private static async Task<Tenant?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new Tenant(reader.GetGuid(0), reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
            reader.GetInt64(4), reader.GetInt64(5), reader.GetFieldValue<DateTimeOffset>(6));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$")]
    private static partial Regex NamePattern();
}
