namespace MediaAspire.Tests.Infrastructure;

/// <summary>Base for end-to-end test classes (each also marked [Collection(ServersCollection.Name)]): a fresh
/// API and worker for every test, on the collection's servers.</summary>
public abstract class SystemTest(ServersFixture servers) : IAsyncLifetime
{
    protected ServersFixture Servers { get; } = servers;

    /// <summary>The running API and worker; a test may replace it with one started with other settings.</summary>
    protected SystemUnderTest Sut { get; set; } = null!;

    public Task InitializeAsync()
    {
        Sut = SystemUnderTest.Start(Servers);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Sut.DisposeAsync();
}
