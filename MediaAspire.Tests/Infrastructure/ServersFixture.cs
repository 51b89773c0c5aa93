using MediaAspire.Hosting.LocalServices;
using MediaAspire.Tests.Infrastructure.Servers;
using MediaAspire.Platform.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StackExchange.Redis;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>
/// Real PostgreSQL and Redis servers for the test run, started from Debian's binaries on free loopback
/// ports with their data in a temp directory (the same hosting code the AppHost uses), and removed after.
/// </summary>
public sealed class ServersFixture : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("mediaaspire-tests-").FullName;
    public PostgresServer Postgres { get; private set; } = null!;
    public RedisServer Redis { get; private set; } = null!;

    public string DatabaseConnectionString => Postgres.ConnectionString("mediadb");

    public async Task InitializeAsync()
    {
        // The postgres user must be able to reach its data directory.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Root, (UnixFileMode)0b111_101_101);
        Postgres = await PostgresServer.StartAsync(Path.Combine(Root, "postgres"), HostPrograms.FreePort(), "test-pg-password", durable: false);
        await Postgres.EnsureDatabaseAsync("mediadb");
        Redis = await RedisServer.StartAsync(Path.Combine(Root, "redis"), HostPrograms.FreePort(), "test-redis-password", durable: false);
        await using var dataSource = NpgsqlDataSource.Create(DatabaseConnectionString);
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
    }

    /// <summary>A new, empty database on the same server, for tests that need a schema of their own.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"t{Guid.NewGuid():N}";
        await Postgres.EnsureDatabaseAsync(name);
        return Postgres.ConnectionString(name);
    }

    /// <summary>An outage: PostgreSQL stops (fast shutdown) until <see cref="StartPostgresAgainAsync"/>.</summary>
    public Task StopPostgresAsync() => Postgres.StopAsync();

    /// <summary>PostgreSQL back on the same port and data directory, as a restarted server would be.</summary>
    public async Task StartPostgresAgainAsync()
    {
        await Postgres.DisposeAsync();
        Postgres = await PostgresServer.StartAsync(Path.Combine(Root, "postgres"), Postgres.Port, "test-pg-password", durable: false);
    }

    /// <summary>
    /// Redis stops (SIGTERM) until <see cref="StartRedisAgainAsync"/>. With <paramref name="keepData"/> it saves a snapshot
    /// first, which the restarted server loads (stream, consumer group and pending entries as they were); without, it comes
    /// back empty, as a server without persistence does.
    /// </summary>
    public async Task StopRedisAsync(bool keepData)
    {
        var snapshot = Path.Combine(Root, "redis", "dump.rdb");
        if (keepData)
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString + ",allowAdmin=true");
            await redis.GetServers().Single().ExecuteAsync("SAVE");
        }
        await Redis.StopAsync();
        if (!keepData) File.Delete(snapshot);
    }

    /// <summary>Redis back on the same port and directory (loading the snapshot <see cref="StopRedisAsync"/> kept, if any).</summary>
    public async Task StartRedisAgainAsync()
    {
        await Redis.DisposeAsync();
        Redis = await RedisServer.StartAsync(Path.Combine(Root, "redis"), Redis.Port, "test-redis-password", durable: false);
    }

    public async Task DisposeAsync()
    {
        if (Redis is not null) await Redis.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "servers";
}
