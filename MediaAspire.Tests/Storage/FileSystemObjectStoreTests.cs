using MediaAspire.Platform.Storage;

namespace MediaAspire.Tests.Storage;

public sealed class FileSystemObjectStoreTests : ObjectStoreContract, IDisposable
{
    private readonly FileSystemObjectStore _store = new(Directory.CreateTempSubdirectory("mediaaspire-fs-store-").FullName);

    protected override IObjectStore Store => _store;

    [Fact]
    public async Task Files_have_no_url_so_the_API_streams_them()
    {
        await _store.PutAsync("x/a", new MemoryStream([1]), CancellationToken.None);

        Assert.Null(await _store.GetReadUrlAsync("x/a", TimeSpan.FromMinutes(1), "video/mp4", null, CancellationToken.None));
    }

    public void Dispose() => Directory.Delete(_store.Root, recursive: true);
}
