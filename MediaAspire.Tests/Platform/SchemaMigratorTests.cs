using MediaAspire.Platform.Database;
using MediaAspire.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MediaAspire.Tests.Platform;

[Collection(ServersCollection.Name)]
public sealed class SchemaMigratorTests(ServersFixture servers)
{
    [Fact]
    public async Task Instances_migrating_together_apply_each_migration_once()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync()));

        // Exactly one instance applied the migrations; the others found nothing left to do.
        Assert.Single(results, r => r.Count > 0);
        Assert.Equal(3, results.Count(r => r.Count == 0));
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM schema_migrations");
        Assert.Equal((long)results.Max(r => r.Count), (long)(await count.ExecuteScalarAsync())!);
        await using var tables = dataSource.CreateCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('assets', 'jobs', 'job_events', 'api_keys')");
        Assert.Equal(4L, (long)(await tables.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Running_again_changes_nothing()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        var migrator = new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance);

        var first = await migrator.MigrateAsync();
        var second = await migrator.MigrateAsync();

        Assert.Contains("0001_initial", first);
        Assert.Empty(second);
    }
}
