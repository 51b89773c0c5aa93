namespace MediaAspire.Tests.Infrastructure;

/// <summary>Base for test classes of the API alone (each also marked [Collection(ServersCollection.Name)]): a fresh
/// API for every test, on the collection's servers.</summary>
public abstract class ApiTest(ServersFixture servers) : IAsyncLifetime
{
    protected ServersFixture Servers { get; } = servers;

    protected ApiHost Api { get; private set; } = null!;

    /// <summary>The settings the API starts with (none beyond the fixture's by default).</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public virtual Task InitializeAsync()
    {
        Api = new ApiHost(Servers, Settings);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Api.DisposeAsync();
}
