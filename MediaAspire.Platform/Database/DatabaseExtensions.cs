using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MediaAspire.Platform.Database;

public static class DatabaseExtensions
{
    /// <summary>The Aspire resource name of the database: configured as <c>ConnectionStrings__mediadb</c>.</summary>
    public const string ConnectionName = "mediadb";

    /// <summary>
    /// Registers the PostgreSQL data source through Aspire's Npgsql client integration (its health check, retries,
    /// tracing and metrics; the connection string is <c>ConnectionStrings__mediadb</c>) and the repositories.
    /// </summary>
    public static IHostApplicationBuilder AddMediaDatabase(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource(ConnectionName);
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddSingleton<AssetRepository>();
        builder.Services.AddSingleton<JobRepository>();
        builder.Services.AddSingleton<Renditions.RenditionRepository>();
        builder.Services.AddSingleton<Verdicts.VerdictRepository>();
        builder.Services.AddSingleton<Tenancy.TenantRepository>();
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
