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

    /// <summary>
    /// Takes <paramref name="bytes"/> and <paramref name="assets"/> from the tenant's quota in one statement, so two
    /// uploads reserving at once cannot both fit under it: the row lock orders them and the second sees the first's use.
    /// </summary>
    /// <returns>False, reserving nothing, when it would go over a quota.</returns>
    public async Task<bool> TryReserveAsync(Guid tenantId, long bytes, int assets, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE tenants SET used_bytes = used_bytes + @bytes, asset_count = asset_count + @assets
            WHERE id = @id AND (max_bytes IS NULL OR used_bytes + @bytes <= max_bytes)
              AND (@assets = 0 OR max_assets IS NULL OR asset_count + @assets <= max_assets)
            """);
        command.Parameters.AddWithValue("id", tenantId);
        command.Parameters.AddWithValue("bytes", bytes);
        command.Parameters.AddWithValue("assets", assets);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private const string ReleaseSql =
        "UPDATE tenants SET used_bytes = greatest(0, used_bytes - @bytes), asset_count = greatest(0, asset_count - @assets) WHERE id = @id";

    /// <summary>Gives back what <see cref="TryReserveAsync"/> took (an upload refused, a duplicate, an asset deleted).</summary>
    public async Task ReleaseAsync(Guid tenantId, long bytes, int assets, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ReleaseSql);
        await ReleaseAsync(command, tenantId, bytes, assets, cancellationToken);
    }

    /// <summary>Gives back what <see cref="TryReserveAsync"/> took, within a transaction (a clip another job recorded first).</summary>
    public async Task ReleaseAsync(Guid tenantId, long bytes, int assets, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ReleaseSql, connection, transaction);
        await ReleaseAsync(command, tenantId, bytes, assets, cancellationToken);
    }

    private static async Task ReleaseAsync(NpgsqlCommand command, Guid tenantId, long bytes, int assets, CancellationToken cancellationToken)
    {
        command.Parameters.AddWithValue("id", tenantId);
        command.Parameters.AddWithValue("bytes", bytes);
        command.Parameters.AddWithValue("assets", assets);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sets (null: lifts) the tenant's quotas; what it already holds stays, even over a lowered quota.</summary>
    public async Task<Tenant?> SetQuotaAsync(string name, long? maxBytes, long? maxAssets, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"UPDATE tenants SET max_bytes = @bytes, max_assets = @assets WHERE name = @name RETURNING {Columns}");
        command.Parameters.AddWithValue("name", name);
        command.Parameters.Add(new NpgsqlParameter("bytes", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = (object?)maxBytes ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("assets", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = (object?)maxAssets ?? DBNull.Value });
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
