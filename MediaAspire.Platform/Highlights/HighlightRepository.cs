using MediaAspire.Platform.Json;
using Npgsql;
using NpgsqlTypes;
using MediaAspire.Platform.Tenancy;

namespace MediaAspire.Platform.Highlights;

/// <summary>An asset's highlights (migration 0009), filtered by tenant in SQL (<see cref="TenantScope"/>).</summary>
public sealed class HighlightRepository(NpgsqlDataSource dataSource)
{
    private const string Select = """
        SELECT h.id, h.start_seconds, h.end_seconds, h.score, h.reasons::text,
               coalesce(array(SELECT c.asset_id FROM clips c WHERE c.highlight_id = h.id ORDER BY c.created_at, c.asset_id), '{}')
        FROM highlights h
        """;

    /// <summary>Best first; equal scores earliest first, so the order is stable.</summary>
    public async Task<IReadOnlyList<Highlight>> ListAsync(Guid assetId, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand(
            $"{Select} WHERE h.asset_id = @asset AND {TenantScope.Sql("h")} ORDER BY h.score DESC, h.start_seconds, h.id"));
        command.Parameters.AddWithValue("asset", assetId);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>
    /// Replaces the asset's highlights with a new detection's, in the transaction that finishes the detection job. Highlights
    /// that have clips stay (their clips link to them); a new window overlapping one of them is dropped, since the kept one
    /// already covers that moment.
    /// </summary>
    public async Task ReplaceAsync(Guid assetId, Guid jobId, IReadOnlyList<DetectedHighlight> detected,
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using (var delete = new NpgsqlCommand("""
            DELETE FROM highlights h WHERE h.asset_id = @asset AND NOT EXISTS (SELECT 1 FROM clips c WHERE c.highlight_id = h.id)
            """, connection, transaction))
        {
            delete.Parameters.AddWithValue("asset", assetId);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        var kept = new List<(double Start, double End)>();
        await using (var keptQuery = new NpgsqlCommand("SELECT start_seconds, end_seconds FROM highlights WHERE asset_id = @asset", connection, transaction))
        {
            keptQuery.Parameters.AddWithValue("asset", assetId);
            await using var reader = await keptQuery.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) kept.Add((reader.GetDouble(0), reader.GetDouble(1)));
        }
        foreach (var highlight in detected.Where(d => !kept.Any(k => d.Start < k.End && k.Start < d.End)))
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO highlights (id, asset_id, job_id, start_seconds, end_seconds, score, reasons)
                VALUES (@id, @asset, @job, @start, @end, @score, @reasons)
                """, connection, transaction);
            insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
            insert.Parameters.AddWithValue("asset", assetId);
            insert.Parameters.AddWithValue("job", jobId);
            insert.Parameters.AddWithValue("start", highlight.Start);
            insert.Parameters.AddWithValue("end", highlight.End);
            insert.Parameters.AddWithValue("score", highlight.Score);
            insert.Parameters.Add(new NpgsqlParameter("reasons", NpgsqlDbType.Jsonb) { Value = PlatformJson.Serialize(highlight.Reasons) });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<IReadOnlyList<Highlight>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var highlights = new List<Highlight>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            highlights.Add(new Highlight(reader.GetGuid(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3),
                PlatformJson.Deserialize<List<HighlightReason>>(reader.GetString(4)) ?? [],
                reader.GetFieldValue<Guid[]>(5)));
        return highlights;
    }
}
