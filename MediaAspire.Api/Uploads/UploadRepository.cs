using Npgsql;

namespace MediaAspire.Api.Uploads;

public sealed class UploadRepository(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, filename, content_type, size_bytes, sha256, state, asset_id, created_at, expires_at";

    public async Task InsertAsync(ResumableUpload upload, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO uploads (id, filename, content_type, size_bytes, sha256, state, expires_at)
            VALUES (@id, @filename, @content_type, @size, @sha256, 'uploading', @expires_at)
            """);
        command.Parameters.AddWithValue("id", upload.Id);
        command.Parameters.AddWithValue("filename", upload.Filename);
        command.Parameters.AddWithValue("content_type", upload.ContentType);
        command.Parameters.AddWithValue("size", upload.SizeBytes);
        command.Parameters.AddWithValue("sha256", upload.Sha256);
        command.Parameters.AddWithValue("expires_at", upload.ExpiresAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <returns>Null when there is no such upload or it has expired (the sweeper may not have run yet).</returns>
    public async Task<ResumableUpload?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM uploads WHERE id = @id AND expires_at > now()");
        command.Parameters.AddWithValue("id", id);
        return await ReadOneAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<UploadPart>> ListPartsAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT number, size_bytes, sha256 FROM upload_parts WHERE upload_id = @id ORDER BY number");
        command.Parameters.AddWithValue("id", id);
        var parts = new List<UploadPart>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) parts.Add(new UploadPart(reader.GetInt32(0), reader.GetInt64(1), reader.GetString(2)));
        return parts;
    }

    /// <summary>
    /// Records (or re-records) a received part and pushes the expiry back, but only while the upload is
    /// open and the parts stay within the declared size.
    /// </summary>
    public async Task<PartRecorded> RecordPartAsync(Guid id, UploadPart part, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long declared;
        await using (var lockUpload = new NpgsqlCommand(
            "SELECT size_bytes FROM uploads WHERE id = @id AND state = 'uploading' AND expires_at > now() FOR UPDATE", connection, transaction))
        {
            lockUpload.Parameters.AddWithValue("id", id);
            if (await lockUpload.ExecuteScalarAsync(cancellationToken) is not long size) return PartRecorded.UploadClosed;
            declared = size;
        }
        await using (var others = new NpgsqlCommand(
            "SELECT coalesce(sum(size_bytes), 0)::bigint FROM upload_parts WHERE upload_id = @id AND number <> @number", connection, transaction))
        {
            others.Parameters.AddWithValue("id", id);
            others.Parameters.AddWithValue("number", part.Number);
            if ((long)(await others.ExecuteScalarAsync(cancellationToken))! + part.SizeBytes > declared) return PartRecorded.OverDeclaredSize;
        }
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO upload_parts (upload_id, number, size_bytes, sha256) VALUES (@id, @number, @size, @sha256)
            ON CONFLICT (upload_id, number) DO UPDATE SET size_bytes = excluded.size_bytes, sha256 = excluded.sha256, received_at = now();
            UPDATE uploads SET updated_at = now(), expires_at = now() + @ttl WHERE id = @id;
            """, connection, transaction))
        {
            upsert.Parameters.AddWithValue("id", id);
            upsert.Parameters.AddWithValue("number", part.Number);
            upsert.Parameters.AddWithValue("size", part.SizeBytes);
            upsert.Parameters.AddWithValue("sha256", part.Sha256);
            upsert.Parameters.AddWithValue("ttl", ttl);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return PartRecorded.Recorded;
    }

    public async Task RemovePartAsync(Guid id, int number, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM upload_parts WHERE upload_id = @id AND number = @number");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("number", number);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Claims the upload for completion (one caller wins); completion must finish within <paramref name="ttl"/>.</summary>
    public async Task<ResumableUpload?> TryBeginCompletingAsync(Guid id, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE uploads SET state = 'completing', updated_at = now(), expires_at = now() + @ttl
            WHERE id = @id AND state = 'uploading' AND expires_at > now()
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("ttl", ttl);
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>Completion failed in a way the client can fix (a missing or wrong part): open the upload again.</summary>
    public Task ReopenAsync(Guid id, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE uploads SET state = 'uploading', updated_at = now() WHERE id = @id AND state = 'completing'", id, null, cancellationToken);

    /// <summary>The parts are gone; the row stays (until it expires) so a repeated complete or a status query still finds the asset.</summary>
    public Task MarkCompletedAsync(Guid id, Guid assetId, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE uploads SET state = 'completed', asset_id = @asset_id, updated_at = now() WHERE id = @id", id, assetId, cancellationToken);

    /// <returns>False when there was no such upload.</returns>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM uploads WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Removes every expired upload (parts rows cascade) and returns their ids, whose objects the caller deletes.</summary>
    public async Task<IReadOnlyList<Guid>> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM uploads WHERE expires_at <= now() RETURNING id");
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetGuid(0));
        return ids;
    }

    private async Task ExecuteAsync(string sql, Guid id, Guid? assetId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", id);
        if (assetId is { } asset) command.Parameters.AddWithValue("asset_id", asset);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<ResumableUpload?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new ResumableUpload(
            reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4),
            Enum.Parse<UploadState>(reader.GetString(5), ignoreCase: true),
            reader.IsDBNull(6) ? null : reader.GetGuid(6),
            reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8));
    }
}

public enum PartRecorded { Recorded, UploadClosed, OverDeclaredSize }
