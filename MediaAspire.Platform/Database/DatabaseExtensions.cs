using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MediaAspire.Platform.Database;

public static class DatabaseExtensions
{
    /// <summary>The Aspire resource name of the database: configured as <c>ConnectionStrings__mediadb</c>.</summary>
    public const string ConnectionName = "mediadb";

    /// <summary>
    /// Registers the PostgreSQL data source, the repositories and a readiness check, the way Aspire's
    /// Npgsql client integration would. The connection string is read when first needed, so any
    /// configuration source (environment, test host, Kubernetes ConfigMap) can supply it.
    /// </summary>
    public static IHostApplicationBuilder AddMediaDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp =>
        {
            var connectionString = sp.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionName)
                ?? throw new InvalidOperationException(
                    $"No PostgreSQL connection string: set ConnectionStrings__{ConnectionName}.");
            return new NpgsqlDataSourceBuilder(connectionString)
                .UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>())
                .Build();
        });
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddSingleton<AssetRepository>();
        builder.Services.AddSingleton<JobRepository>();
        builder.Services.AddSingleton<Renditions.RenditionRepository>();
        builder.Services.AddSingleton<Verdicts.VerdictRepository>();
        builder.Services.AddSingleton<Tenancy.TenantRepository>();
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// Applies migrations before the service takes traffic. PostgreSQL may still be starting when the
    /// service does (every orchestrator races a little), so connection failures are retried for a while.
    /// </summary>
    public static async Task MigrateMediaDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var migrator = services.GetRequiredService<SchemaMigrator>();
        var logger = services.GetRequiredService<ILogger<SchemaMigrator>>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await migrator.MigrateAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException e) when (e.IsTransient && DateTime.UtcNow < deadline)
            {
                logger.LogWarning("PostgreSQL is not reachable yet (attempt {Attempt}): {Message}", attempt, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 200 * attempt)), cancellationToken);
            }
        }
    }
}

internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL: {e.Message}");
        }
    }
}
