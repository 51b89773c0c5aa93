using MediaAspire.Platform.Json;
using MediaAspire.Platform.Tenancy;
using Npgsql;
using NpgsqlTypes;

namespace MediaAspire.Platform.Verdicts;

/// <param name="Assets">All assets (of the tenant asked about).</param>
/// <param name="Classified">Assets with a verdict for the model.</param>
/// <param name="Unreadable">Assets without one whose probe failed: classifying them would fail again.</param>
public sealed record VerdictCoverage(long Assets, long Classified, long Unreadable)
{
    public long Lacking => Assets - Classified - Unreadable;
}

/// <summary>Verdicts per asset and model version (see migration 0004).</summary>
public sealed class VerdictRepository(NpgsqlDataSource dataSource)
{
    /// <summary>Writes (or replaces) the asset's verdict for its model, in the transaction that finishes the job.</summary>
    public async Task UpsertAsync(Verdict verdict, string? posterKey, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO verdicts (asset_id, model, job_id, is_explicit, explicit_score, quality_score, poster_key, classification)
            VALUES (@asset, @model, @job, @explicit, @score, @quality, @poster, @classification)
            ON CONFLICT (asset_id, model) DO UPDATE SET
                job_id = excluded.job_id, is_explicit = excluded.is_explicit, explicit_score = excluded.explicit_score,
                quality_score = excluded.quality_score, poster_key = excluded.poster_key,
                classification = excluded.classification, created_at = now()
            """, connection, transaction);
        command.Parameters.AddWithValue("asset", verdict.AssetId);
        command.Parameters.AddWithValue("model", verdict.Model);
        command.Parameters.AddWithValue("job", (object?)verdict.JobId ?? DBNull.Value);
        command.Parameters.AddWithValue("explicit", verdict.IsExplicit);
        command.Parameters.AddWithValue("score", verdict.ExplicitScore);
        command.Parameters.AddWithValue("quality", verdict.QualityScore);
        command.Parameters.AddWithValue("poster", (object?)posterKey ?? DBNull.Value);
        command.Parameters.Add(new NpgsqlParameter("classification", NpgsqlDbType.Jsonb) { Value = PlatformJson.Serialize(verdict) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Verdict?> GetAsync(Guid assetId, string model, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand(
            $"SELECT classification::text FROM verdicts WHERE asset_id = @asset AND model = @model AND {TenantScope.Sql()}"));
        command.Parameters.AddWithValue("asset", assetId);
        command.Parameters.AddWithValue("model", model);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? PlatformJson.Deserialize<Verdict>(json) : null;
    }

    /// <summary>The stored poster JPEG's key for the asset's verdict by <paramref name="model"/>; null without one.</summary>
    public async Task<string?> GetPosterKeyAsync(Guid assetId, string model, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand(
            $"SELECT poster_key FROM verdicts WHERE asset_id = @asset AND model = @model AND {TenantScope.Sql()}"));
        command.Parameters.AddWithValue("asset", assetId);
        command.Parameters.AddWithValue("model", model);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<VerdictCoverage> GetCoverageAsync(string model, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand($"""
            SELECT count(*),
                   count(*) FILTER (WHERE v.asset_id IS NOT NULL),
                   count(*) FILTER (WHERE v.asset_id IS NULL AND a.status = 'failed')
            FROM assets a LEFT JOIN verdicts v ON v.asset_id = a.id AND v.model = @model
            WHERE {TenantScope.Sql("a")}
            """));
        command.Parameters.AddWithValue("model", model);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new VerdictCoverage(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>
    /// Up to <paramref name="limit"/> readable assets without a verdict for <paramref name="model"/>, oldest
    /// first, after <paramref name="after"/> (ids are time-ordered v7 UUIDs, so paging by id never repeats one).
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ListLackingAsync(string model, TenantScope tenant, Guid after, int limit, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand($"""
            SELECT a.id FROM assets a
            WHERE {TenantScope.Sql("a")} AND a.status <> 'failed' AND a.id > @after
              AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.asset_id = a.id AND v.model = @model)
            ORDER BY a.id LIMIT @limit
            """));
        command.Parameters.AddWithValue("model", model);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("limit", limit);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetGuid(0));
        return ids;
    }
}
