using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace MediaAspire.Api.ApiKeys;

public sealed record ApiKeyInfo(Guid Id, string Name, string KeyPrefix, bool IsAdmin, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>
/// API keys in PostgreSQL. Keys are 256 random bits, so a plain SHA-256 is enough to store them
/// safely (no salt or slow hash needed: there is no dictionary to attack); the key itself is returned
/// once, at creation.
/// </summary>
public sealed class ApiKeyRepository(NpgsqlDataSource dataSource)
{
    private const string KeyPrefix = "ma_";

    public static string NewKey() => KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The first characters of a key, kept in clear so an operator can tell keys apart.</summary>
    public static string PrefixOf(string key) => key[..Math.Min(key.Length, KeyPrefix.Length + 6)];

    public async Task<ApiKeyInfo?> FindActiveAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, name, key_prefix, is_admin, created_at, revoked_at FROM api_keys WHERE key_hash = @hash AND revoked_at IS NULL");
        command.Parameters.AddWithValue("hash", Hash(key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, name, key_prefix, is_admin, created_at, revoked_at FROM api_keys ORDER BY created_at");
        var keys = new List<ApiKeyInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) keys.Add(Read(reader));
        return keys;
    }

    public async Task<ApiKeyInfo> InsertAsync(string name, string key, bool isAdmin, NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO api_keys (id, name, key_hash, key_prefix, is_admin) VALUES (@id, @name, @hash, @prefix, @admin)
            ON CONFLICT (key_hash) DO UPDATE SET revoked_at = NULL
            RETURNING id, name, key_prefix, is_admin, created_at, revoked_at
            """, connection, transaction);
        command.Parameters.AddWithValue("id", Guid.CreateVersion7());
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("hash", Hash(key));
        command.Parameters.AddWithValue("prefix", PrefixOf(key));
        command.Parameters.AddWithValue("admin", isAdmin);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Read(reader);
    }

    public async Task<ApiKeyInfo> CreateAsync(string name, string key, bool isAdmin, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await InsertAsync(name, key, isAdmin, connection, null, cancellationToken);
    }

    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE api_keys SET revoked_at = now() WHERE id = @id AND revoked_at IS NULL");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static ApiKeyInfo Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetBoolean(3),
        r.GetFieldValue<DateTimeOffset>(4), r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5));
}
