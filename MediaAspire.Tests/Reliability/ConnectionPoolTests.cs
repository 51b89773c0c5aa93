using MediaAspire.Api.Assets;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MediaAspire.Tests.Reliability;

/// <summary>Each service's PostgreSQL pool is sized for what it does, so an API and a few workers stay under the server's
/// default 100 connections (Npgsql's own default pool is 100 per service); a size in the connection string still wins.</summary>
[Collection(ServersCollection.Name)]
public sealed class ConnectionPoolTests(ServersFixture servers)
{
    [Fact]
    public async Task The_API_pools_40_connections_a_worker_4_per_concurrent_job_plus_6_and_a_pool_size_given_in_the_connection_string_wins()
    {
        await using var api = new ServiceFactory<AssetIngestor>(servers);
        await using var worker = new ServiceFactory<JobRunner>(servers, new Dictionary<string, string?> { ["Worker:Concurrency"] = "3" });
        await using var set = new ServiceFactory<JobRunner>(servers, new Dictionary<string, string?> { ["Database:MaxPoolSize"] = "7" });
        await using var named = new ServiceFactory<AssetIngestor>(servers, new Dictionary<string, string?>
        {
            ["ConnectionStrings:mediadb"] = servers.DatabaseConnectionString + ";Maximum Pool Size=50",
        });

        Assert.Equal([40, 18, 7, 50], new[] { PoolOf(api.Services), PoolOf(worker.Services), PoolOf(set.Services), PoolOf(named.Services) });
    }

    private static int PoolOf(IServiceProvider services) =>
        new NpgsqlConnectionStringBuilder(services.GetRequiredService<NpgsqlDataSource>().ConnectionString).MaxPoolSize;
}
