using MediaAspire.Platform.Tenancy;
using Npgsql;

namespace MediaAspire.Platform.Brands;

/// <summary>A tenant's brands and their logos (migration 0010), filtered by tenant in SQL (<see cref="TenantScope"/>).</summary>
public sealed class BrandRepository(NpgsqlDataSource dataSource)
{
    private const string LogoColumns = "l.id, l.filename, l.width, l.height, l.has_alpha, l.keypoint_count, l.created_at";

    /// <exception cref="PostgresException">A brand of that name exists in the tenant (unique violation).</exception>
    public async Task<Brand> CreateAsync(string name, IReadOnlyList<string> aliases, double minScore, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO brands (id, name, aliases, min_score, tenant_id) VALUES (@id, @name, @aliases, @min_score, @tenant_id) RETURNING created_at
            """);
        var id = Guid.CreateVersion7();
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("aliases", aliases.ToArray());
        command.Parameters.AddWithValue("min_score", minScore);
        command.Parameters.AddWithValue("tenant_id", tenant.TenantId);
        var created = (DateTime)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new Brand(id, name, aliases, minScore, [], new DateTimeOffset(created, TimeSpan.Zero));
    }

    /// <summary>The tenant's brands, oldest first, with their logos.</summary>
    public async Task<IReadOnlyList<Brand>> ListAsync(TenantScope tenant, CancellationToken cancellationToken) =>
        await ReadAsync(null, tenant, cancellationToken);

    public async Task<Brand?> GetAsync(Guid id, TenantScope tenant, CancellationToken cancellationToken) =>
        (await ReadAsync(id, tenant, cancellationToken)).SingleOrDefault();

    /// <summary>Deletes the brand, its logos, and its appearances in every asset's results.</summary>
    public async Task<bool> DeleteAsync(Guid id, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand($"DELETE FROM brands WHERE id = @id AND {TenantScope.Sql()}"));
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>The tenant a brand the caller may reach belongs to (the logo job runs in it); null when there is no such brand.</summary>
    public async Task<Guid?> TenantOfAsync(Guid brandId, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand($"SELECT tenant_id FROM brands WHERE id = @id AND {TenantScope.Sql()}"));
        command.Parameters.AddWithValue("id", brandId);
        return await command.ExecuteScalarAsync(cancellationToken) is Guid id ? id : null;
    }

    /// <summary>Adds a normalised logo to the brand inside the caller's transaction (the logo job's completion); nothing
    /// when the tenant no longer has the brand (deleted meanwhile).</summary>
    public static async Task InsertLogoAsync(Guid logoId, Guid brandId, string? filename, NormalisedLogo logo, Guid tenantId,
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = TenantScope.Of(tenantId).AddTo(new NpgsqlCommand($"""
            INSERT INTO brand_logos (id, brand_id, filename, width, height, has_alpha, image_png, feature_kind, keypoint_count, features)
            SELECT @id, b.id, @filename, @width, @height, @has_alpha, @image, @kind, @keypoints, @features
            FROM brands b WHERE b.id = @brand AND {TenantScope.Sql("b")}
            """, connection, transaction));
        command.Parameters.AddWithValue("id", logoId);
        command.Parameters.AddWithValue("brand", brandId);
        command.Parameters.AddWithValue("filename", (object?)filename ?? DBNull.Value);
        command.Parameters.AddWithValue("width", logo.Width);
        command.Parameters.AddWithValue("height", logo.Height);
        command.Parameters.AddWithValue("has_alpha", logo.HasAlpha);
        command.Parameters.AddWithValue("image", logo.Png);
        command.Parameters.AddWithValue("kind", logo.FeatureKind);
        command.Parameters.AddWithValue("keypoints", logo.Keypoints);
        command.Parameters.AddWithValue("features", logo.Features);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Everything the brands stage needs to look for the tenant's brands: names and stored logo features.</summary>
    public async Task<IReadOnlyList<BrandDefinition>> LoadDefinitionsAsync(TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand($"""
            SELECT b.id, b.name, b.aliases, b.min_score, l.id, l.width, l.height, l.features
            FROM brands b LEFT JOIN brand_logos l ON l.brand_id = b.id AND l.feature_kind = @kind
            WHERE {TenantScope.Sql("b")} ORDER BY b.created_at, b.id, l.created_at
            """));
        command.Parameters.AddWithValue("kind", StoredLogoFeatures.Kind);
        var brands = new List<(Guid Id, string Name, string[] Aliases, double MinScore, List<StoredLogoFeatures> Logos)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            if (brands.Count == 0 || brands[^1].Id != id)
                brands.Add((id, reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetDouble(3), []));
            if (!reader.IsDBNull(4))
                brands[^1].Logos.Add(new StoredLogoFeatures(reader.GetGuid(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetFieldValue<byte[]>(7)));
        }
        return brands.Select(b => new BrandDefinition(b.Id, b.Name, b.Aliases, b.MinScore, b.Logos)).ToList();
    }

    private async Task<IReadOnlyList<Brand>> ReadAsync(Guid? id, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand($"""
            SELECT b.id, b.name, b.aliases, b.min_score, b.created_at, {LogoColumns}
            FROM brands b LEFT JOIN brand_logos l ON l.brand_id = b.id
            WHERE (@id::uuid IS NULL OR b.id = @id) AND {TenantScope.Sql("b")} ORDER BY b.created_at, b.id, l.created_at, l.id
            """));
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = (object?)id ?? DBNull.Value });
        var brands = new List<(Brand Brand, List<BrandLogo> Logos)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var brandId = reader.GetGuid(0);
            if (brands.Count == 0 || brands[^1].Brand.Id != brandId)
            {
                var logos = new List<BrandLogo>();
                brands.Add((new Brand(brandId, reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetDouble(3), logos,
                    reader.GetFieldValue<DateTimeOffset>(4)), logos));
            }
            if (!reader.IsDBNull(5))
                brands[^1].Logos.Add(new BrandLogo(reader.GetGuid(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetInt32(7), reader.GetInt32(8),
                    reader.GetBoolean(9), reader.GetInt32(10), reader.GetFieldValue<DateTimeOffset>(11)));
        }
        return brands.Select(b => b.Brand).ToList();
    }
}
