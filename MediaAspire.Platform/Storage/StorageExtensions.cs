using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaAspire.Platform.Storage;

public static class StorageExtensions
{
    /// <summary>The Aspire resource name of object storage: configured as <c>ConnectionStrings__storage</c>.</summary>
    public const string ConnectionName = "storage";

    /// <summary>
    /// Registers the object store named by <c>ConnectionStrings__storage</c> (one instance: the S3 store
    /// holds one client per endpoint). A filesystem store is <c>Path=/var/lib/mediaaspire/storage</c>; an
    /// S3 store is <c>Endpoint=http://host:9000;AccessKey=…;SecretKey=…;Bucket=…[;PublicEndpoint=…][;Region=…]</c>
    /// (see <see cref="S3StorageSettings"/>); without a connection string objects go under
    /// <c>$XDG_DATA_HOME/mediaaspire/objects</c> (or <c>~/.local/share/…</c>).
    /// </summary>
    public static IHostApplicationBuilder AddObjectStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IObjectStore>(sp =>
            Create(sp.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionName), sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddHealthChecks().AddCheck<ObjectStoreHealthCheck>("storage", tags: ["ready"]);
        return builder;
    }

    public static IObjectStore Create(string? connectionString, ILoggerFactory? loggerFactory = null)
    {
        if (string.IsNullOrWhiteSpace(connectionString)) return new FileSystemObjectStore(DefaultDirectory());
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (S3StorageSettings.Parse(parts) is { } s3)
            return new S3ObjectStore(s3, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<S3ObjectStore>());
        if (parts.TryGetValue("Path", out var path) && path is string directory && directory.Length > 0)
            return new FileSystemObjectStore(directory);
        throw new InvalidOperationException(
            $"ConnectionStrings__{ConnectionName} must name a store, e.g. 'Path=/var/lib/mediaaspire/storage' or " +
            "'Endpoint=http://127.0.0.1:9000;AccessKey=…;SecretKey=…;Bucket=mediaaspire'.");
    }

    private static string DefaultDirectory()
    {
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(dataHome))
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(dataHome, "mediaaspire", "objects");
    }
}

/// <summary>Ready only when a small object round-trips: catches a full disk or a read-only mount.</summary>
internal sealed class ObjectStoreHealthCheck(IObjectStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var key = $"health/{Environment.MachineName}-{Environment.ProcessId}";
        try
        {
            await store.PutAsync(key, new MemoryStream([1]), cancellationToken);
            await store.DeleteAsync(key, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"Object storage: {e.Message}");
        }
    }
}
