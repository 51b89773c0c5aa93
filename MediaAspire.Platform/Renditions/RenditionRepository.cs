using MediaAspire.Platform.Tenancy;
using Npgsql;

namespace MediaAspire.Platform.Renditions;

public sealed class RenditionRepository(NpgsqlDataSource dataSource)
{
    /// <summary>Replaces the asset's renditions with <paramref name="renditions"/> in the caller's transaction
    /// (the one that finishes the job), so readers see the old set or the new one, never a mix.</summary>
    /// <returns>The bytes the replaced set held (for the tenant's quota).</returns>
    public async Task<long> ReplaceAsync(Guid assetId, IReadOnlyList<Rendition> renditions, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        long replaced;
        await using (var delete = new NpgsqlCommand(
            "WITH deleted AS (DELETE FROM renditions WHERE asset_id = @id RETURNING size_bytes) SELECT coalesce(sum(size_bytes), 0)::bigint FROM deleted",
            connection, transaction))
        {
            delete.Parameters.AddWithValue("id", assetId);
            replaced = (long)(await delete.ExecuteScalarAsync(cancellationToken))!;
        }
        foreach (var r in renditions)
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO renditions (asset_id, kind, storage_key, content_type, width, height, size_bytes, duration_seconds)
                VALUES (@asset, @kind, @key, @type, @width, @height, @size, @duration)
                """, connection, transaction);
            insert.Parameters.AddWithValue("asset", assetId);
            insert.Parameters.AddWithValue("kind", r.Kind);
            insert.Parameters.AddWithValue("key", r.StorageKey);
            insert.Parameters.AddWithValue("type", r.ContentType);
            insert.Parameters.AddWithValue("width", (object?)r.Width ?? DBNull.Value);
            insert.Parameters.AddWithValue("height", (object?)r.Height ?? DBNull.Value);
            insert.Parameters.AddWithValue("size", r.SizeBytes);
            insert.Parameters.AddWithValue("duration", (object?)r.DurationSeconds ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        return replaced;
    }

    public async Task<IReadOnlyList<Rendition>> ListAsync(Guid assetId, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand($"""
            SELECT asset_id, kind, storage_key, content_type, width, height, size_bytes, duration_seconds
            FROM renditions WHERE asset_id = @id AND {TenantScope.Sql()} ORDER BY kind
            """));
        command.Parameters.AddWithValue("id", assetId);
        var list = new List<Rendition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new Rendition(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.GetInt64(6),
                reader.IsDBNull(7) ? null : reader.GetDouble(7)));
        }
        return list;
    }
}
