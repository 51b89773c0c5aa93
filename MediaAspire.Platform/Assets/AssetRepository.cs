using MediaAspire.Platform.Json;
using MediaAspire.Platform.Tenancy;
using Npgsql;
using NpgsqlTypes;

namespace MediaAspire.Platform.Assets;

public sealed class AssetRepository(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, filename, content_type, size_bytes, sha256, storage_key, status, probe::text, error, created_at, updated_at, tenant_id, kind";

    public async Task InsertAsync(Asset asset, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO assets (id, filename, content_type, size_bytes, sha256, storage_key, status, tenant_id, kind)
            VALUES (@id, @filename, @content_type, @size, @sha256, @key, @status, @tenant_id, @kind)
            """, connection, transaction);
        command.Parameters.AddWithValue("id", asset.Id);
        command.Parameters.AddWithValue("filename", asset.Filename);
        command.Parameters.AddWithValue("content_type", asset.ContentType);
        command.Parameters.AddWithValue("size", asset.SizeBytes);
        command.Parameters.AddWithValue("sha256", asset.Sha256);
        command.Parameters.AddWithValue("key", asset.StorageKey);
        command.Parameters.AddWithValue("status", StatusText(asset.Status));
        command.Parameters.AddWithValue("kind", asset.Kind);
        command.Parameters.AddWithValue("tenant_id", asset.TenantId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Asset?> GetAsync(Guid id, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand($"SELECT {Columns} FROM assets WHERE id = @id AND {TenantScope.Sql()}"));
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>The tenant's asset holding exactly these bytes, if any (the oldest, should there be several). Dedupe is per
    /// tenant: the same bytes uploaded by two tenants are two assets, so neither learns what the other stores.</summary>
    public async Task<Asset?> FindBySha256Async(string sha256, Guid tenantId, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM assets WHERE tenant_id = @tenant_id AND sha256 = @sha256 ORDER BY id LIMIT 1", connection, transaction);
        command.Parameters.AddWithValue("sha256", sha256);
        command.Parameters.AddWithValue("tenant_id", tenantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>
    /// The tenant's assets that match <paramref name="filter"/>, newest first, <paramref name="limit"/> at a time. Ids are
    /// UUIDv7 (time-ordered), so the last id of a page is a stable cursor for the next one even while new assets arrive.
    /// </summary>
    /// <param name="verdictModel">The classifier model whose verdicts <see cref="AssetFilter.Explicit"/> reads.</param>
    public async Task<IReadOnlyList<Asset>> ListAsync(
        TenantScope tenant, AssetFilter filter, string verdictModel, Guid? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand($"""
            SELECT {Columns} FROM assets
            WHERE {TenantScope.Sql()} AND (@status::text IS NULL OR status = @status) AND (@kind::text IS NULL OR kind = @kind)
              AND (@name::text IS NULL OR filename ILIKE '%' || @name || '%' ESCAPE '\')
              AND (@since::timestamptz IS NULL OR created_at >= @since)
              AND (@explicit::boolean IS NULL OR EXISTS (
                    SELECT 1 FROM verdicts v WHERE v.asset_id = assets.id AND v.model = @model AND v.is_explicit = @explicit))
              AND (@before::uuid IS NULL OR id < @before)
            ORDER BY id DESC LIMIT @limit
            """));
        command.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Text) { Value = filter.Status is { } s ? StatusText(s) : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = (object?)filter.Kind ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("name", NpgsqlDbType.Text) { Value = filter.NameContains is { } n ? EscapeLike(n) : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("since", NpgsqlDbType.TimestampTz) { Value = filter.Since is { } t ? t.ToUniversalTime() : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("explicit", NpgsqlDbType.Boolean) { Value = filter.Explicit is { } e ? e : DBNull.Value });
        command.Parameters.AddWithValue("model", verdictModel);
        command.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.Uuid) { Value = before is { } b ? b : DBNull.Value });
        command.Parameters.AddWithValue("limit", limit);
        var assets = new List<Asset>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) assets.Add(Read(reader));
        return assets;
    }

    /// <summary>A name part as a LIKE pattern that matches it literally (its own <c>%</c>, <c>_</c> and <c>\</c> escaped).</summary>
    private static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    /// <summary>Removes the asset and, by cascade, its renditions, jobs and their events, and gives its tenant's quota back the
    /// space it held (its source and its renditions).</summary>
    /// <returns>False when the tenant has no such asset.</returns>
    public async Task<bool> DeleteAsync(Guid id, TenantScope tenant, CancellationToken cancellationToken)
    {
        // One snapshot for every part: the renditions are summed as they were when the asset (and by cascade they) went.
        await using var command = tenant.AddTo(dataSource.CreateCommand($"""
            WITH held AS (SELECT coalesce(sum(size_bytes), 0)::bigint AS bytes FROM renditions WHERE asset_id = @id),
            deleted AS (DELETE FROM assets WHERE id = @id AND {TenantScope.Sql()} RETURNING tenant_id, size_bytes)
            UPDATE tenants t SET used_bytes = greatest(0, t.used_bytes - d.size_bytes - r.bytes), asset_count = greatest(0, t.asset_count - 1)
            FROM deleted d, held r WHERE t.id = d.tenant_id
            """));
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task SetProbedAsync(Guid id, MediaProbe probe, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE assets SET status = 'ready', probe = @probe, error = NULL, updated_at = now() WHERE id = @id",
            connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(new NpgsqlParameter("probe", NpgsqlDbType.Jsonb) { Value = PlatformJson.Serialize(probe) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SetFailedAsync(Guid id, string error, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE assets SET status = 'failed', error = @error, updated_at = now() WHERE id = @id", connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("error", error);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Notes what went wrong with a later stage of a readable asset (its renditions) without making it
    /// unreadable: it keeps its status, so it can still be played from its source and classified.</summary>
    public async Task SetErrorAsync(Guid id, string error, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("UPDATE assets SET error = @error, updated_at = now() WHERE id = @id", connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("error", error);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string StatusText(AssetStatus status) => status.ToString().ToLowerInvariant();

    private static Asset Read(NpgsqlDataReader r) => new(
        r.GetGuid(0),
        r.GetString(1),
        r.GetString(2),
        r.GetInt64(3),
        r.GetString(4),
        r.GetString(5),
        Enum.Parse<AssetStatus>(r.GetString(6), ignoreCase: true),
        r.IsDBNull(7) ? null : PlatformJson.Deserialize<MediaProbe>(r.GetString(7)),
        r.IsDBNull(8) ? null : r.GetString(8),
        r.GetFieldValue<DateTimeOffset>(9),
        r.GetFieldValue<DateTimeOffset>(10),
        r.GetGuid(11)) { Kind = r.GetString(12) };
}
