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

    [Fact]
    public async Task The_half_written_file_a_killed_put_left_is_removed_once_untouched_and_a_put_in_progress_is_not()
    {
        await _store.PutAsync("kept/source", new MemoryStream([1, 2, 3]), CancellationToken.None);
        var abandoned = Path.Combine(_store.Root, "dead", "upload", "source.0a1b.partial");
        var inProgress = Path.Combine(_store.Root, "live", "source.2c3d.partial");
        foreach (var file in new[] { abandoned, inProgress })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllBytesAsync(file, new byte[100]);
        }
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddHours(-2));

        var removed = await _store.DeleteAbandonedWritesAsync(TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.False(Directory.Exists(Path.Combine(_store.Root, "dead")), "the directories the abandoned put made are left behind");
        Assert.True(File.Exists(inProgress));
        Assert.Equal(3, (await _store.StatAsync("kept/source", CancellationToken.None))?.SizeBytes);
    }

    public void Dispose() => Directory.Delete(_store.Root, recursive: true);
}
