using System.Security.Cryptography;
using System.Text;
using MediaAspire.Platform.Storage;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Storage;

/// <summary>
/// What every <see cref="IObjectStore"/> must do, run unchanged against each implementation (the
/// subclasses), so the filesystem and S3 stores cannot drift apart.
/// </summary>
public abstract class ObjectStoreContract
{
    protected abstract IObjectStore Store { get; }

    // Each test works under its own prefix: the stores are shared by the tests of a class.
    private readonly string _prefix = $"contract/{Guid.NewGuid():N}/";

    private string Key(string name) => _prefix + name;

    [Fact]
    public async Task A_put_object_reads_back_byte_for_byte_and_stats_its_size()
    {
        var bytes = Encoding.UTF8.GetBytes("hello object store");

        var stored = await Store.PutAsync(Key("a"), new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal(bytes.Length, stored);
        Assert.Equal(bytes, await ReadAllAsync(await Store.OpenReadAsync(Key("a"), CancellationToken.None)));
        Assert.Equal(new ObjectStat(Key("a"), bytes.Length), await Store.StatAsync(Key("a"), CancellationToken.None));
    }

    [Fact]
    public async Task A_second_put_under_the_same_key_replaces_the_object()
    {
        await Store.PutAsync(Key("a"), new MemoryStream(new byte[1000]), CancellationToken.None);
        await Store.PutAsync(Key("a"), new MemoryStream("short"u8.ToArray()), CancellationToken.None);

        Assert.Equal("short"u8.ToArray(), await ReadAllAsync(await Store.OpenReadAsync(Key("a"), CancellationToken.None)));
        Assert.Equal(5, (await Store.StatAsync(Key("a"), CancellationToken.None))!.SizeBytes);
    }

    [Fact]
    public async Task A_missing_key_is_not_found_and_deleting_it_is_harmless()
    {
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.OpenReadAsync(Key("nothing"), CancellationToken.None));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.OpenReadAsync(Key("nothing"), new ByteRange(0, 10), CancellationToken.None));
        Assert.Null(await Store.StatAsync(Key("nothing"), CancellationToken.None));
        await Store.DeleteAsync(Key("nothing"), CancellationToken.None);
    }

    [Fact]
    public async Task A_deleted_object_is_gone()
    {
        await Store.PutAsync(Key("a"), new MemoryStream([1, 2, 3]), CancellationToken.None);

        await Store.DeleteAsync(Key("a"), CancellationToken.None);

        Assert.Null(await Store.StatAsync(Key("a"), CancellationToken.None));
    }

    [Fact]
    public async Task A_40_MB_stream_of_unknown_length_is_stored_whole()
    {
        const long length = 40L * 1024 * 1024 + 12345;

        var stored = await Store.PutAsync(Key("large"), new GeneratedStream(length, seed: 7), CancellationToken.None);

        Assert.Equal(length, stored);
        await using var read = await Store.OpenReadAsync(Key("large"), CancellationToken.None);
        Assert.Equal(GeneratedStream.Sha256Hex(length, seed: 7), Convert.ToHexStringLower(await SHA256.HashDataAsync(read)));
    }

    [Fact]
    public async Task A_failed_put_leaves_no_object_behind()
    {
        var failing = new GeneratedStream(30L * 1024 * 1024, seed: 3, failAfter: 20L * 1024 * 1024);

        await Assert.ThrowsAnyAsync<Exception>(() => Store.PutAsync(Key("broken"), failing, CancellationToken.None));

        Assert.Null(await Store.StatAsync(Key("broken"), CancellationToken.None));
    }

    [Fact]
    public async Task A_ranged_read_returns_exactly_those_bytes_and_stops_at_the_end()
    {
        var bytes = new byte[100_000];
        new Random(5).NextBytes(bytes);
        await Store.PutAsync(Key("a"), new MemoryStream(bytes), CancellationToken.None);

        var middle = await ReadAllAsync(await Store.OpenReadAsync(Key("a"), new ByteRange(12_345, 1000), CancellationToken.None));
        var tail = await ReadAllAsync(await Store.OpenReadAsync(Key("a"), new ByteRange(99_990, 1000), CancellationToken.None));
        var beyond = await ReadAllAsync(await Store.OpenReadAsync(Key("a"), new ByteRange(200_000, 10), CancellationToken.None));

        Assert.Equal(bytes[12_345..13_345], middle);
        Assert.Equal(bytes[99_990..], tail);
        Assert.Empty(beyond);
    }

    [Fact]
    public async Task Deleting_a_prefix_removes_every_object_under_it_and_nothing_else()
    {
        await Store.PutAsync(Key("asset/source"), new MemoryStream([1]), CancellationToken.None);
        await Store.PutAsync(Key("asset/renditions/720p.mp4"), new MemoryStream([2]), CancellationToken.None);
        await Store.PutAsync(Key("asset-other/source"), new MemoryStream([3]), CancellationToken.None);

        var removed = await Store.DeletePrefixAsync(Key("asset/"), CancellationToken.None);

        Assert.Equal(2, removed);
        Assert.Null(await Store.StatAsync(Key("asset/source"), CancellationToken.None));
        Assert.Null(await Store.StatAsync(Key("asset/renditions/720p.mp4"), CancellationToken.None));
        Assert.NotNull(await Store.StatAsync(Key("asset-other/source"), CancellationToken.None));
        Assert.Equal(0, await Store.DeletePrefixAsync(Key("asset/"), CancellationToken.None));
    }

    [Fact]
    public async Task Keys_that_could_escape_their_place_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync("../etc/passwd", new MemoryStream([1]), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeletePrefixAsync("assets", CancellationToken.None));
    }

    protected static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }
}
