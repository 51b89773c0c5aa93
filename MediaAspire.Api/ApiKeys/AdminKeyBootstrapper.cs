using MediaAspire.Platform.Tenancy;
using Npgsql;

namespace MediaAspire.Api.ApiKeys;

/// <summary>
/// Guarantees an operator key exists when the API starts: the one in <c>MEDIAASPIRE_ADMIN_KEY</c> when it
/// is set, otherwise one generated on the very first start and printed once (only its hash is kept). The operator
/// key has every scope, creates keys for any tenant and sees across tenants; its own uploads go to the default tenant.
/// </summary>
public sealed class AdminKeyBootstrapper(
    NpgsqlDataSource dataSource, ApiKeyRepository keys, IConfiguration configuration, ILogger<AdminKeyBootstrapper> logger)
{
    public const string EnvironmentVariable = "MEDIAASPIRE_ADMIN_KEY";
    private const string EnvironmentKeyName = "admin (" + EnvironmentVariable + ")";
    // Serialises replicas starting together so only one of them generates the first key.
    private const long AdvisoryLockKey = 0x4D41_4B45_5953;

    public async Task EnsureAdminKeyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);

        var configured = configuration[EnvironmentVariable];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            // A changed environment key replaces the previous one rather than leaving it valid.
            await using (var revoke = new NpgsqlCommand(
                "UPDATE api_keys SET revoked_at = now() WHERE name = @name AND key_hash <> @hash AND revoked_at IS NULL",
                connection, transaction))
            {
                revoke.Parameters.AddWithValue("name", EnvironmentKeyName);
                revoke.Parameters.AddWithValue("hash", ApiKeyRepository.Hash(configured.Trim()));
                await revoke.ExecuteNonQueryAsync(cancellationToken);
            }
            await keys.InsertAsync(EnvironmentKeyName, configured.Trim(), TenantScope.DefaultTenantId, ApiScopes.All, isOperator: true,
                connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        await using (var count = new NpgsqlCommand("SELECT count(*) FROM api_keys WHERE is_operator AND revoked_at IS NULL", connection, transaction))
        {
            if ((long)(await count.ExecuteScalarAsync(cancellationToken))! > 0)
            {
                await transaction.CommitAsync(cancellationToken);
                return;
            }
        }

        var key = ApiKeyRepository.NewKey();
        await keys.InsertAsync("admin (generated on first start)", key, TenantScope.DefaultTenantId, ApiScopes.All, isOperator: true,
            connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // Printed to the terminal once, never logged: logs are shipped and kept (OpenTelemetry), a key must not be.
        logger.LogWarning("Generated the first admin API key ({KeyPrefix}…); it is printed once on standard output", ApiKeyRepository.PrefixOf(key));
        Console.WriteLine($"""

            ==== MediaAspire admin API key (shown once; only its hash is stored) ====
            {key}
            =========================================================================

            """);
    }
}
