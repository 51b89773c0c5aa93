using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MediaAspire.Platform.Tenancy;

/// <summary>Tenants, found or created by name, and their quota use: a counter on the tenant row, moved by reservations
/// (<see cref="TryReserveAsync"/>) and by the rows that hold space, and reconciled from those rows (<see cref="ReconcileAsync"/>).</summary>
public sealed partial class TenantRepository(NpgsqlDataSource dataSource, IOptions<QuotaOptions> options)
{
    private const string Columns = "id, name, max_bytes, max_assets, used_bytes, asset_count, created_at";

    /// <summary>Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters (the migration checks it too).</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>The tenant called <paramref name="name"/>, created (with no quota) if there is none yet.</summary>
    public async Task<Tenant> FindOrCreateAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH created AS (
                INSERT INTO tenants (id, name) VALUES (@id, @name) ON CONFLICT (name) DO NOTHING RETURNING {Columns})
            SELECT {Columns} FROM created UNION ALL SELECT {Columns} FROM tenants WHERE name = @name
            LIMIT 1
            """);
        command.Parameters.AddWithValue("id", Guid.CreateVersion7());
        command.Parameters.AddWithValue("name", name);
        return await ReadOneAsync(command, cancellationToken)
            ?? throw new InvalidOperationException($"Tenant {name} was neither found nor created.");
    }

    public async Task<Tenant?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM tenants WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return await ReadOneAsync(command, cancellationToken);
    }

    public async Task<Tenant?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM tenants WHERE name = @name");
        command.Parameters.AddWithValue("name", name);
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>
    /// Takes <paramref name="bytes"/> and <paramref name="assets"/> from the tenant's quota into the reservation
    /// <paramref name="reservationId"/> (created on first use, its expiry renewed each time) in one statement, so two
    /// uploads reserving at once cannot both fit under it: the row lock orders them and the second sees the first's use.
    /// Until it is settled (<see cref="SettleAsync"/>) or given back (<see cref="ReleaseReservationAsync"/>), the reservation
    /// row is what holds the space: if its holder dies, it runs out and <see cref="ReconcileAsync"/> gives the space back.
    /// </summary>
    /// <returns>False, reserving nothing, when it would go over a quota.</returns>
    public async Task<bool> TryReserveAsync(Guid reservationId, Guid tenantId, long bytes, int assets, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH taken AS (
                UPDATE tenants SET used_bytes = used_bytes + @bytes, asset_count = asset_count + @assets
                WHERE id = @id AND (max_bytes IS NULL OR used_bytes + @bytes <= max_bytes)
                  AND (@assets = 0 OR max_assets IS NULL OR asset_count + @assets <= max_assets)
                RETURNING id)
            INSERT INTO quota_reservations (id, tenant_id, bytes, assets, expires_at)
            SELECT @reservation, id, @bytes, @assets, now() + @ttl FROM taken
            ON CONFLICT (id) DO UPDATE SET bytes = quota_reservations.bytes + excluded.bytes,
                assets = quota_reservations.assets + excluded.assets, expires_at = excluded.expires_at
            """);
        command.Parameters.AddWithValue("reservation", reservationId);
        command.Parameters.AddWithValue("id", tenantId);
        command.Parameters.AddWithValue("bytes", bytes);
        command.Parameters.AddWithValue("assets", assets);
        command.Parameters.AddWithValue("ttl", options.Value.ReservationTtl);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// <see cref="TryReserveAsync"/> for a job storing what it made (renditions, clips, a live recording): a refusal comes
    /// back as the reason the job fails with, saying what did not fit and how much of the tenant's quota is used.
    /// </summary>
    /// <param name="what">What the job would have stored, as a sentence names it ("the renditions", "the 2 clips").</param>
    /// <returns>Null when reserved; otherwise the reason, nothing reserved.</returns>
    public async Task<string?> ReserveForJobAsync(Guid reservationId, Guid tenantId, long bytes, int assets, string what, CancellationToken cancellationToken)
    {
        if (await TryReserveAsync(reservationId, tenantId, bytes, assets, cancellationToken)) return null;
        var tenant = await GetAsync(tenantId, cancellationToken);
        return string.Create(CultureInfo.InvariantCulture,
            $"Storing {what} ({bytes:N0} bytes) would take the tenant over its storage quota " +
            $"({tenant?.UsedBytes:N0} of {(tenant?.MaxBytes is { } max ? $"{max:N0} bytes" : "unlimited bytes")}, {tenant?.AssetCount} of " +
            $"{(tenant?.MaxAssets is { } most ? $"{most}" : "unlimited")} assets used); nothing was stored. Delete assets or ask the operator for a larger quota (GET /api/usage).");
    }

    /// <summary>Gives back up to <paramref name="bytes"/> and <paramref name="assets"/> of the reservation (all of it when
    /// null): only what it still holds, so a reservation that ran out and was reconciled is never given back twice.</summary>
    public async Task ReleaseReservationAsync(Guid reservationId, long? bytes, int? assets, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(bytes is null ? """
            WITH given AS (DELETE FROM quota_reservations WHERE id = @reservation RETURNING tenant_id, bytes, assets)
            UPDATE tenants t SET used_bytes = greatest(0, t.used_bytes - g.bytes), asset_count = greatest(0, t.asset_count - g.assets)
            FROM given g WHERE t.id = g.tenant_id
            """ : """
            WITH old AS (SELECT id, bytes, assets FROM quota_reservations WHERE id = @reservation FOR UPDATE),
            given AS (
                UPDATE quota_reservations r SET bytes = r.bytes - least(@bytes, old.bytes), assets = r.assets - least(@assets, old.assets)
                FROM old WHERE r.id = old.id
                RETURNING r.tenant_id, least(@bytes, old.bytes) AS bytes, least(@assets, old.assets) AS assets)
            UPDATE tenants t SET used_bytes = greatest(0, t.used_bytes - g.bytes), asset_count = greatest(0, t.asset_count - g.assets)
            FROM given g WHERE t.id = g.tenant_id
            """);
        command.Parameters.AddWithValue("reservation", reservationId);
        command.Parameters.AddWithValue("bytes", bytes ?? 0);
        command.Parameters.AddWithValue("assets", assets ?? 0);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The rows that hold the reserved space exist now (an asset, a resumable upload): the reservation ends without
    /// giving anything back. Pass the transaction that inserted them where there is one, so no moment counts the space twice.</summary>
    public async Task SettleAsync(Guid reservationId, CancellationToken cancellationToken, NpgsqlConnection? connection = null, NpgsqlTransaction? transaction = null)
    {
        await using var command = connection is null
            ? dataSource.CreateCommand("DELETE FROM quota_reservations WHERE id = @reservation")
            : new NpgsqlCommand("DELETE FROM quota_reservations WHERE id = @reservation", connection, transaction);
        command.Parameters.AddWithValue("reservation", reservationId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string ReleaseSql =
        "UPDATE tenants SET used_bytes = greatest(0, used_bytes - @bytes), asset_count = greatest(0, asset_count - @assets) WHERE id = @id";

    /// <summary>Gives back space a row held (an upload aborted or expired, a completed upload whose bytes were already an asset).</summary>
    public async Task ReleaseAsync(Guid tenantId, long bytes, int assets, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ReleaseSql);
        await ReleaseAsync(command, tenantId, bytes, assets, cancellationToken);
    }

    /// <summary>Gives back reserved space within a transaction that settles the reservation (a clip another job recorded first).</summary>
    public async Task ReleaseAsync(Guid tenantId, long bytes, int assets, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ReleaseSql, connection, transaction);
        await ReleaseAsync(command, tenantId, bytes, assets, cancellationToken);
    }

    private static async Task ReleaseAsync(NpgsqlCommand command, Guid tenantId, long bytes, int assets, CancellationToken cancellationToken)
    {
        command.Parameters.AddWithValue("id", tenantId);
        command.Parameters.AddWithValue("bytes", bytes);
        command.Parameters.AddWithValue("assets", assets);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Drops reservations that ran out (their holder died between reserving and inserting its row) and sets every tenant's
    /// use to what its rows hold: its assets and their renditions, its resumable uploads still holding their declared size, and its live
    /// reservations. Under the tenants' row locks, so no reservation is taken meanwhile; every other write that changes
    /// those rows either keeps their sum (an asset inserted as its reservation is settled) or moves the counter in the
    /// same transaction, so the recount is exact.
    /// </summary>
    /// <returns>The tenants whose use was corrected, with what it was and what it is now.</returns>
    public async Task<IReadOnlyList<UsageCorrection>> ReconcileAsync(CancellationToken cancellationToken)
    {
        await using (var expired = dataSource.CreateCommand("DELETE FROM quota_reservations WHERE expires_at <= now()"))
            await expired.ExecuteNonQueryAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockAll = new NpgsqlCommand("SELECT id FROM tenants ORDER BY id FOR UPDATE", connection, transaction))
            await lockAll.ExecuteNonQueryAsync(cancellationToken);
        // A statement of its own after the locks: its snapshot sees everything committed before them.
        await using var recount = new NpgsqlCommand("""
            WITH held AS (
                SELECT t.id, t.used_bytes AS old_bytes, t.asset_count AS old_assets,
                       coalesce((SELECT sum(a.size_bytes) FROM assets a WHERE a.tenant_id = t.id), 0)
                     + coalesce((SELECT sum(n.size_bytes) FROM renditions n WHERE n.tenant_id = t.id), 0)
                     + coalesce((SELECT sum(u.size_bytes) FROM uploads u WHERE u.tenant_id = t.id AND u.quota_reserved), 0)
                     + coalesce((SELECT sum(r.bytes) FROM quota_reservations r WHERE r.tenant_id = t.id), 0) AS bytes,
                       (SELECT count(*) FROM assets a WHERE a.tenant_id = t.id)
                     + (SELECT count(*) FROM uploads u WHERE u.tenant_id = t.id AND u.quota_reserved)
                     + coalesce((SELECT sum(r.assets) FROM quota_reservations r WHERE r.tenant_id = t.id), 0) AS assets
                FROM tenants t)
            UPDATE tenants t SET used_bytes = h.bytes, asset_count = h.assets FROM held h
            WHERE t.id = h.id AND (t.used_bytes <> h.bytes OR t.asset_count <> h.assets)
            RETURNING t.name, h.old_bytes, h.old_assets, h.bytes, h.assets
            """, connection, transaction);
        var corrections = new List<UsageCorrection>();
        await using (var reader = await recount.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                corrections.Add(new UsageCorrection(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        await transaction.CommitAsync(cancellationToken);
        return corrections;
    }

    /// <summary>Sets (null: lifts) the tenant's quotas; what it already holds stays, even over a lowered quota.</summary>
    public async Task<Tenant?> SetQuotaAsync(string name, long? maxBytes, long? maxAssets, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"UPDATE tenants SET max_bytes = @bytes, max_assets = @assets WHERE name = @name RETURNING {Columns}");
        command.Parameters.AddWithValue("name", name);
        command.Parameters.Add(new NpgsqlParameter("bytes", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = (object?)maxBytes ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("assets", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = (object?)maxAssets ?? DBNull.Value });
        return await ReadOneAsync(command, cancellationToken);
    }

    private static async Task<Tenant?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new Tenant(reader.GetGuid(0), reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
            reader.GetInt64(4), reader.GetInt64(5), reader.GetFieldValue<DateTimeOffset>(6));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$")]
    private static partial Regex NamePattern();
}
