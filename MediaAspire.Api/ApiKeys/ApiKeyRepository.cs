using System.Security.Cryptography;
using System.Text;
using MediaAspire.Platform.Tenancy;
using Npgsql;

namespace MediaAspire.Api.ApiKeys;

/// <param name="Tenant">The name of the tenant the key acts in.</param>
/// <param name="IsOperator">The installation's operator key (the bootstrap key): sees and manages every tenant.</param>
public sealed record ApiKeyInfo(Guid Id, string Name, string KeyPrefix, Guid TenantId, string Tenant, IReadOnlyList<string> Scopes, bool IsOperator,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>
/// API keys in PostgreSQL. Keys are 256 random bits, so a plain SHA-256 is enough to store them
/// safely (no salt or slow hash needed: there is no dictionary to attack); the key itself is returned
/// once, at creation.
/// </summary>
public sealed class ApiKeyRepository(NpgsqlDataSource dataSource)
{
    private const string KeyPrefix = "ma_";
    private const string Columns = "k.id, k.name, k.key_prefix, k.tenant_id, t.name, k.scopes, k.is_operator, k.created_at, k.revoked_at, k.key_hash";

    public static string NewKey() => KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The first characters of a key, kept in clear so an operator can tell keys apart.</summary>
    public static string PrefixOf(string key) => key[..Math.Min(key.Length, KeyPrefix.Length + 6)];

    public async Task<ApiKeyInfo?> FindActiveAsync(string key, CancellationToken cancellationToken)
    {
        var hash = Hash(key);
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.key_hash = @hash AND k.revoked_at IS NULL");
        command.Parameters.AddWithValue("hash", hash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        // The index found the row by hash; comparing the stored hash again in constant time keeps the answer's timing
        // independent of how much of it matched, whatever the database's comparison does.
        return CryptographicOperations.FixedTimeEquals(reader.GetFieldValue<byte[]>(9), hash) ? Read(reader) : null;
    }

    /// <summary>The keys of the tenants in <paramref name="tenant"/>, oldest first.</summary>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand(
            $"SELECT {Columns} FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE {TenantScope.Sql("k")} ORDER BY k.created_at"));
        var keys = new List<ApiKeyInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) keys.Add(Read(reader));
        return keys;
    }

    public async Task<ApiKeyInfo> InsertAsync(string name, string key, Guid tenantId, IReadOnlyList<string> scopes, bool isOperator,
        NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            WITH k AS (
                INSERT INTO api_keys (id, name, key_hash, key_prefix, tenant_id, scopes, is_operator)
                VALUES (@id, @name, @hash, @prefix, @tenant_id, @scopes, @operator)
                ON CONFLICT (key_hash) DO UPDATE SET revoked_at = NULL
                RETURNING *)
            SELECT {Columns} FROM k JOIN tenants t ON t.id = k.tenant_id
            """, connection, transaction);
        command.Parameters.AddWithValue("id", Guid.CreateVersion7());
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("hash", Hash(key));
        command.Parameters.AddWithValue("prefix", PrefixOf(key));
        command.Parameters.AddWithValue("tenant_id", tenantId);
        command.Parameters.AddWithValue("scopes", scopes.ToArray());
        command.Parameters.AddWithValue("operator", isOperator);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Read(reader);
    }

    public async Task<ApiKeyInfo> CreateAsync(string name, string key, Guid tenantId, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await InsertAsync(name, key, tenantId, scopes, isOperator: false, connection, null, cancellationToken);
    }

    /// <returns>False when <paramref name="tenant"/> holds no such active key.</returns>
    /// <remarks>Operator keys are not revoked here: they come from MEDIAASPIRE_ADMIN_KEY, which replaces them.</remarks>
    public async Task<bool> RevokeAsync(Guid id, TenantScope tenant, CancellationToken cancellationToken)
    {
        await using var command = tenant.AddTo(dataSource.CreateCommand(
            $"UPDATE api_keys SET revoked_at = now() WHERE id = @id AND revoked_at IS NULL AND NOT is_operator AND {TenantScope.Sql()}"));
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static ApiKeyInfo Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetGuid(3), r.GetString(4), r.GetFieldValue<string[]>(5), r.GetBoolean(6),
        r.GetFieldValue<DateTimeOffset>(7), r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8));
}
