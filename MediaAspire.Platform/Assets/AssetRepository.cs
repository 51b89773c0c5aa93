using MediaAspire.Platform.Json;
using Npgsql;
using NpgsqlTypes;

namespace MediaAspire.Platform.Assets;

public sealed class AssetRepository(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, filename, content_type, size_bytes, sha256, storage_key, status, probe::text, error, created_at, updated_at";

    public async Task InsertAsync(Asset asset, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO assets (id, filename, content_type, size_bytes, sha256, storage_key, status)
            VALUES (@id, @filename, @content_type, @size, @sha256, @key, @status)
            """, connection, transaction);
        command.Parameters.AddWithValue("id", asset.Id);
        command.Parameters.AddWithValue("filename", asset.Filename);
        command.Parameters.AddWithValue("content_type", asset.ContentType);
        command.Parameters.AddWithValue("size", asset.SizeBytes);
        command.Parameters.AddWithValue("sha256", asset.Sha256);
        command.Parameters.AddWithValue("key", asset.StorageKey);
        command.Parameters.AddWithValue("status", StatusText(asset.Status));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Asset?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM assets WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
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
        r.GetFieldValue<DateTimeOffset>(10));
}
