using MediaAspire.Platform.Tenancy;
using Npgsql;

namespace MediaAspire.Platform.Brands;

/// <summary>An asset's brand appearances, exposure and on-screen text (migration 0010), filtered by tenant in SQL.</summary>
public sealed class BrandResultRepository(NpgsqlDataSource dataSource)
{
    /// <summary>What the last brands job found; empty lists before any job completed.</summary>
    public async Task<BrandResult> GetAsync(Guid assetId, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var appearances = new List<BrandAppearance>();
        await using (var command = tenant.AddTo(new NpgsqlCommand($"""
            SELECT b.name, a.brand_id, a.start_seconds, a.end_seconds, a.score, a.source, a.best_seconds, a.box
            FROM brand_appearances a JOIN brands b ON b.id = a.brand_id
            WHERE a.asset_id = @asset AND {TenantScope.Sql("a")} ORDER BY a.start_seconds, b.name, a.source
            """, connection)))
        {
            command.Parameters.AddWithValue("asset", assetId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                appearances.Add(new BrandAppearance(reader.GetString(0), reader.GetGuid(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4),
                    reader.GetString(5), reader.GetDouble(6), reader.GetFieldValue<int[]>(7)));
        }
        var exposure = new List<BrandExposure>();
        await using (var command = tenant.AddTo(new NpgsqlCommand($"""
            SELECT b.name, e.brand_id, e.seconds, e.mean_area_share
            FROM brand_exposure e JOIN brands b ON b.id = e.brand_id
            WHERE e.asset_id = @asset AND {TenantScope.Sql("e")} ORDER BY e.seconds DESC, b.name
            """, connection)))
        {
            command.Parameters.AddWithValue("asset", assetId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                exposure.Add(new BrandExposure(reader.GetString(0), reader.GetGuid(1), reader.GetDouble(2), reader.GetDouble(3)));
        }
        var text = new List<OnScreenText>();
        await using (var command = tenant.AddTo(new NpgsqlCommand($"""
            SELECT t, text, box, confidence FROM onscreen_text WHERE asset_id = @asset AND {TenantScope.Sql()} ORDER BY t, box[2], box[1]
            """, connection)))
        {
            command.Parameters.AddWithValue("asset", assetId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                text.Add(new OnScreenText(reader.GetDouble(0), reader.GetString(1), reader.GetFieldValue<int[]>(2), reader.GetDouble(3)));
        }
        return new BrandResult(appearances, exposure, text);
    }

    /// <summary>Replaces the asset's results with a job's, in the transaction that completes the job (all or none).
    /// Brands deleted while the job ran are left out.</summary>
    public async Task ReplaceAsync(Guid assetId, Guid jobId, BrandResult result, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        foreach (var table in new[] { "brand_appearances", "brand_exposure", "onscreen_text" })
        {
            await using var delete = new NpgsqlCommand($"DELETE FROM {table} WHERE asset_id = @asset", connection, transaction);
            delete.Parameters.AddWithValue("asset", assetId);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var a in result.Appearances)
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO brand_appearances (id, asset_id, job_id, brand_id, source, start_seconds, end_seconds, score, best_seconds, box)
                SELECT @id, @asset, @job, b.id, @source, @start, @end, @score, @best, @box FROM brands b WHERE b.id = @brand
                """, connection, transaction);
            insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
            insert.Parameters.AddWithValue("asset", assetId);
            insert.Parameters.AddWithValue("job", jobId);
            insert.Parameters.AddWithValue("brand", a.BrandId);
            insert.Parameters.AddWithValue("source", a.Source);
            insert.Parameters.AddWithValue("start", a.Start);
            insert.Parameters.AddWithValue("end", a.End);
            insert.Parameters.AddWithValue("score", a.Score);
            insert.Parameters.AddWithValue("best", a.BestT);
            insert.Parameters.AddWithValue("box", a.Box.ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var e in result.Exposure)
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO brand_exposure (asset_id, brand_id, seconds, mean_area_share)
                SELECT @asset, b.id, @seconds, @share FROM brands b WHERE b.id = @brand
                """, connection, transaction);
            insert.Parameters.AddWithValue("asset", assetId);
            insert.Parameters.AddWithValue("brand", e.BrandId);
            insert.Parameters.AddWithValue("seconds", e.Seconds);
            insert.Parameters.AddWithValue("share", e.MeanAreaShare);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var line in result.Text)
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO onscreen_text (asset_id, t, text, box, confidence) VALUES (@asset, @t, @text, @box, @confidence)
                """, connection, transaction);
            insert.Parameters.AddWithValue("asset", assetId);
            insert.Parameters.AddWithValue("t", line.T);
            insert.Parameters.AddWithValue("text", line.Text);
            insert.Parameters.AddWithValue("box", line.Box.ToArray());
            insert.Parameters.AddWithValue("confidence", line.Confidence);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
