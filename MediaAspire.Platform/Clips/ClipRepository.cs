using MediaAspire.Platform.Tenancy;
using Npgsql;

namespace MediaAspire.Platform.Clips;

/// <summary>Clips and what they were cut from (migration 0009), filtered by tenant in SQL (<see cref="TenantScope"/>). The clip's own asset row is written by <see cref="Assets.AssetRepository"/>.</summary>
public sealed class ClipRepository(NpgsqlDataSource dataSource)
{
    private const string Columns = "asset_id, source_asset_id, highlight_id, mode, start_seconds, end_seconds, requested_start, requested_end";

    /// <summary>The clips cut from <paramref name="sourceAssetId"/>, in source order.</summary>
    public async Task<IReadOnlyList<Clip>> ListForSourceAsync(Guid sourceAssetId, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand(
            $"SELECT {Columns} FROM clips WHERE source_asset_id = @source AND {TenantScope.Sql()} ORDER BY start_seconds, mode, asset_id"));
        command.Parameters.AddWithValue("source", sourceAssetId);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>Those of <paramref name="ids"/> that exist, in source order.</summary>
    public async Task<IReadOnlyList<Clip>> GetManyAsync(IReadOnlyCollection<Guid> ids, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand(
            $"SELECT {Columns} FROM clips WHERE asset_id = ANY(@ids) AND {TenantScope.Sql()} ORDER BY start_seconds, mode, asset_id"));
        command.Parameters.AddWithValue("ids", ids.ToArray());
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>
    /// Serialises recording the clip named <paramref name="key"/> for the rest of the transaction and says whether it is still
    /// to be recorded: false when another job (a duplicate request, a redelivery) recorded it first.
    /// </summary>
    public async Task<bool> LockIfNewAsync(string key, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using (var lockKey = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", connection, transaction))
        {
            lockKey.Parameters.AddWithValue("key", key);
            await lockKey.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM clips WHERE clip_key = @key)", connection, transaction);
        exists.Parameters.AddWithValue("key", key);
        return !(bool)(await exists.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Links the clip's asset (already inserted) to its source and highlight and marks it kind clip.</summary>
    public async Task InsertAsync(Clip clip, string key, Guid jobId, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using (var kind = new NpgsqlCommand("UPDATE assets SET kind = @kind WHERE id = @id", connection, transaction))
        {
            kind.Parameters.AddWithValue("id", clip.Id);
            kind.Parameters.AddWithValue("kind", Assets.AssetKinds.Clip);
            await kind.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = new NpgsqlCommand("""
            INSERT INTO clips (asset_id, clip_key, source_asset_id, highlight_id, job_id, mode, start_seconds, end_seconds, requested_start, requested_end)
            VALUES (@id, @key, @source, @highlight, @job, @mode, @start, @end, @requested_start, @requested_end)
            """, connection, transaction);
        command.Parameters.AddWithValue("id", clip.Id);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("source", (object?)clip.AssetId ?? DBNull.Value);
        command.Parameters.AddWithValue("highlight", (object?)clip.HighlightId ?? DBNull.Value);
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("mode", clip.Mode);
        command.Parameters.AddWithValue("start", clip.Start);
        command.Parameters.AddWithValue("end", clip.End);
        command.Parameters.AddWithValue("requested_start", clip.RequestedStart);
        command.Parameters.AddWithValue("requested_end", clip.RequestedEnd);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<Clip>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var clips = new List<Clip>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            clips.Add(new Clip(id, reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.GetString(3),
                reader.GetDouble(4), reader.GetDouble(5), Clip.UrlOf(id), reader.GetDouble(6), reader.GetDouble(7)));
        }
        return clips;
    }
}
