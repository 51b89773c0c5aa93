using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>
/// Hosts a MediaAspire service (the API or the worker) in the test process, configured exactly as an
/// orchestrator would: Aspire-style connection strings pointing at the fixture's real servers.
/// <typeparamref name="TMarker"/> is any public type of the service's assembly.
/// </summary>
public sealed class ServiceFactory<TMarker>(ServersFixture servers, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<TMarker> where TMarker : class
{
    public const string AdminKey = "ma_test-admin-key-0123456789";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:mediadb", servers.DatabaseConnectionString);
        builder.UseSetting("ConnectionStrings:cache", servers.Redis.ConnectionString);
        builder.UseSetting("ConnectionStrings:storage", $"Path={Path.Combine(servers.Root, "objects")}");
        builder.UseSetting("MEDIAASPIRE_ADMIN_KEY", AdminKey);
        builder.UseSetting("Worker:ScratchDirectory", Path.Combine(servers.Root, "scratch"));
        // Test hosts share one process: each would load its own copy of the model at start. Tests that score load it
        // on first use; the warm-up itself is tested on its own.
        builder.UseSetting("Scoring:WarmUp", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
    }
}
