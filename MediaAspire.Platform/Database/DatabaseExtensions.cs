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

    /// <summary>Setting for the most connections a service opens (Npgsql's <c>Maximum Pool Size</c>): <c>Database__MaxPoolSize</c>.</summary>
    public const string MaxPoolSizeSetting = "Database:MaxPoolSize";

    /// <summary>
    /// Registers the PostgreSQL data source through Aspire's Npgsql client integration (its health check, retries,
    /// tracing and metrics; the connection string is <c>ConnectionStrings__mediadb</c>) and the repositories.
    /// </summary>
    /// <param name="defaultMaxPoolSize">The most connections the service opens unless <see cref="MaxPoolSizeSetting"/> or the
    /// connection string itself says otherwise. Npgsql's own default (100) is PostgreSQL's whole default
    /// <c>max_connections</c>: one API and one worker at that size could exhaust the server between them, so each service
    /// takes what it can use (the API a share for its requests, a worker a few per job it runs at once).</param>
    public static IHostApplicationBuilder AddMediaDatabase(this IHostApplicationBuilder builder, int defaultMaxPoolSize)
    {
        var maxPoolSize = builder.Configuration.GetValue<int?>(MaxPoolSizeSetting) ?? defaultMaxPoolSize;
        builder.AddNpgsqlDataSource(ConnectionName, configureDataSourceBuilder: dataSource =>
        {
            if (!NamesPoolSize(dataSource.ConnectionString)) dataSource.ConnectionStringBuilder.MaxPoolSize = maxPoolSize;
        });
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddSingleton<AssetRepository>();
        builder.Services.AddSingleton<JobRepository>();
        builder.Services.AddSingleton<Renditions.RenditionRepository>();
        builder.Services.AddSingleton<Verdicts.VerdictRepository>();
        builder.Services.Configure<Tenancy.QuotaOptions>(builder.Configuration.GetSection(Tenancy.QuotaOptions.Section));
        builder.Services.AddSingleton<Tenancy.TenantRepository>();
        return builder;
    }

    private static bool NamesPoolSize(string connectionString) =>
        connectionString.Split(';').Select(pair => pair.Split('=')[0].Replace(" ", "", StringComparison.Ordinal).Trim())
            .Any(key => key.Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase) || key.Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase));

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
