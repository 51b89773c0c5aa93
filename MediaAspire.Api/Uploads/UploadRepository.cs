using MediaAspire.Platform.Tenancy;
using Npgsql;

namespace MediaAspire.Api.Uploads;

public sealed class UploadRepository(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, filename, content_type, size_bytes, sha256, state, asset_id, created_at, expires_at, tenant_id";

    public async Task InsertAsync(ResumableUpload upload, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO uploads (id, filename, content_type, size_bytes, sha256, state, expires_at, tenant_id, quota_reserved)
            VALUES (@id, @filename, @content_type, @size, @sha256, 'uploading', @expires_at, @tenant_id, true)
            """);
        command.Parameters.AddWithValue("tenant_id", upload.TenantId);
        command.Parameters.AddWithValue("id", upload.Id);
        command.Parameters.AddWithValue("filename", upload.Filename);
        command.Parameters.AddWithValue("content_type", upload.ContentType);
        command.Parameters.AddWithValue("size", upload.SizeBytes);
        command.Parameters.AddWithValue("sha256", upload.Sha256);
        command.Parameters.AddWithValue("expires_at", upload.ExpiresAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <returns>Null when <paramref name="tenant"/> has no such upload or it has expired (the sweeper may not have run yet).</returns>
    public async Task<ResumableUpload?> GetAsync(Guid id, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand(
            $"SELECT {Columns} FROM uploads WHERE id = @id AND expires_at > now() AND {TenantScope.Sql()}"));
        command.Parameters.AddWithValue("id", id);
        return await ReadOneAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredPart>> ListPartsAsync(Guid id, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand(
            $"SELECT number, size_bytes, sha256, storage_key FROM upload_parts WHERE upload_id = @id AND {TenantScope.Sql()} ORDER BY number"));
        command.Parameters.AddWithValue("id", id);
        var parts = new List<StoredPart>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            parts.Add(new StoredPart(new UploadPart(reader.GetInt32(0), reader.GetInt64(1), reader.GetString(2)), reader.GetString(3)));
        return parts;
    }

    /// <summary>
    /// Records (or re-records) a received part, stored under <paramref name="storageKey"/>, and pushes the
    /// expiry back, but only while the upload is open and the parts stay within the declared size.
    /// </summary>
    /// <returns>The outcome, and for a part received again the key of the object it replaced (now unreferenced).</returns>
    public async Task<(PartRecorded Outcome, string? ReplacedKey)> RecordPartAsync(Guid id, TenantScope tenant, UploadPart part, string storageKey,
        TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long declared;
        await using (var lockUpload = new NpgsqlCommand(
            $"SELECT size_bytes FROM uploads WHERE id = @id AND state = 'uploading' AND expires_at > now() AND {TenantScope.Sql()} FOR UPDATE",
            connection, transaction))
        {
            lockUpload.Parameters.AddWithValue("id", id);
            tenant.AddTo(lockUpload);
            if (await lockUpload.ExecuteScalarAsync(cancellationToken) is not long size) return (PartRecorded.UploadClosed, null);
            declared = size;
        }
        await using (var others = new NpgsqlCommand(
            "SELECT coalesce(sum(size_bytes), 0)::bigint FROM upload_parts WHERE upload_id = @id AND number <> @number", connection, transaction))
        {
            others.Parameters.AddWithValue("id", id);
            others.Parameters.AddWithValue("number", part.Number);
            if ((long)(await others.ExecuteScalarAsync(cancellationToken))! + part.SizeBytes > declared) return (PartRecorded.OverDeclaredSize, null);
        }
        string? replaced;
        // The upload's row is locked, so nothing records this part between reading its old key and replacing it.
        await using (var previous = new NpgsqlCommand(
            "SELECT storage_key FROM upload_parts WHERE upload_id = @id AND number = @number", connection, transaction))
        {
            previous.Parameters.AddWithValue("id", id);
            previous.Parameters.AddWithValue("number", part.Number);
            replaced = (string?)await previous.ExecuteScalarAsync(cancellationToken);
        }
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO upload_parts (upload_id, number, size_bytes, sha256, storage_key) VALUES (@id, @number, @size, @sha256, @key)
            ON CONFLICT (upload_id, number) DO UPDATE
                SET size_bytes = excluded.size_bytes, sha256 = excluded.sha256, storage_key = excluded.storage_key, received_at = now();
            UPDATE uploads SET updated_at = now(), expires_at = now() + @ttl WHERE id = @id;
            """, connection, transaction))
        {
            upsert.Parameters.AddWithValue("id", id);
            upsert.Parameters.AddWithValue("number", part.Number);
            upsert.Parameters.AddWithValue("size", part.SizeBytes);
            upsert.Parameters.AddWithValue("sha256", part.Sha256);
            upsert.Parameters.AddWithValue("key", storageKey);
            upsert.Parameters.AddWithValue("ttl", ttl);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return (PartRecorded.Recorded, replaced);
    }

    /// <summary>Forgets a part whose object is gone, unless it has been received again since (under another key).</summary>
    public async Task RemovePartAsync(Guid id, string storageKey, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM upload_parts WHERE upload_id = @id AND storage_key = @key");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("key", storageKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Claims the upload for completion under <paramref name="completionId"/> for <paramref name="lease"/>
    /// (renewed while it works): one caller wins; a completion whose lease ran out (its API died) is taken over.
    /// </summary>
    public async Task<ResumableUpload?> TryBeginCompletingAsync(Guid id, TenantScope tenant, Guid completionId, TimeSpan lease, TimeSpan ttl,
        CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand($"""
            UPDATE uploads SET state = 'completing', completion_id = @completion, completing_until = now() + @lease,
                   updated_at = now(), expires_at = now() + @ttl
            WHERE id = @id AND {TenantScope.Sql()} AND expires_at > now()
              AND (state = 'uploading' OR (state = 'completing' AND completing_until < now()))
            RETURNING {Columns}
            """));
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("completion", completionId);
        command.Parameters.AddWithValue("lease", lease);
        command.Parameters.AddWithValue("ttl", ttl);
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <returns>False when the completion no longer holds the upload (taken over, aborted, finished).</returns>
    public async Task<bool> RenewCompletingAsync(Guid id, Guid completionId, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE uploads SET completing_until = now() + @lease WHERE id = @id AND state = 'completing' AND completion_id = @completion");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("completion", completionId);
        command.Parameters.AddWithValue("lease", lease);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Completion failed in a way the client can fix (a missing or wrong part): open the upload again,
    /// unless another completion has taken it over meanwhile.</summary>
    public async Task ReopenAsync(Guid id, Guid completionId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE uploads SET state = 'uploading', completion_id = NULL, completing_until = NULL, updated_at = now()
            WHERE id = @id AND state = 'completing' AND completion_id = @completion
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("completion", completionId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The parts are gone; the row stays (until it expires) so a repeated complete or a status query still finds the asset.</summary>
    /// <remarks>Not guarded by the completion's id: a completion that was taken over joined the same parts into the same asset.</remarks>
    /// <returns>Whether the upload still held its quota (now the asset's, or the caller's to give back): true for one completion only.</returns>
    public async Task<bool> MarkCompletedAsync(Guid id, Guid assetId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE uploads u SET state = 'completed', asset_id = @asset, completion_id = NULL, completing_until = NULL, updated_at = now(),
                   quota_reserved = false
            FROM (SELECT id, quota_reserved FROM uploads WHERE id = @id FOR UPDATE) old
            WHERE u.id = old.id
            RETURNING old.quota_reserved
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("asset", assetId);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <returns>Null when <paramref name="tenant"/> had no such upload.</returns>
    public async Task<DeletedUpload?> DeleteAsync(Guid id, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand(
            $"DELETE FROM uploads WHERE id = @id AND {TenantScope.Sql()} RETURNING {DeletedColumns}"));
        command.Parameters.AddWithValue("id", id);
        return (await ReadDeletedAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Removes every expired upload (parts rows cascade) and returns them: the caller deletes their objects and gives back their quota.</summary>
    public async Task<IReadOnlyList<DeletedUpload>> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"DELETE FROM uploads WHERE expires_at <= now() RETURNING {DeletedColumns}");
        return await ReadDeletedAsync(command, cancellationToken);
    }

    private const string DeletedColumns = "id, tenant_id, size_bytes, quota_reserved";

    private static async Task<IReadOnlyList<DeletedUpload>> ReadDeletedAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var deleted = new List<DeletedUpload>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            deleted.Add(new DeletedUpload(reader.GetGuid(0), reader.GetGuid(1), reader.GetInt64(2), reader.GetBoolean(3)));
        return deleted;
    }

    private static async Task<ResumableUpload?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new ResumableUpload(
            reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4),
            Enum.Parse<UploadState>(reader.GetString(5), ignoreCase: true),
            reader.IsDBNull(6) ? null : reader.GetGuid(6),
            reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetGuid(9));
    }
}
