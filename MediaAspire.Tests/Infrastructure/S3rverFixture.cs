using MediaAspire.Hosting.LocalServices;
using MediaAspire.Tests.Infrastructure.Servers;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>A real s3rver on a free loopback port, its data in a temp directory removed afterwards.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("mediaaspire-s3rver-").FullName;

    public S3rverServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await S3rverServer.StartAsync(RepositoryRoot.Path, Path.Combine(_root, "data"), HostPrograms.FreePort());

    public async Task DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
