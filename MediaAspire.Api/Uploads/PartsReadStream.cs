using MediaAspire.Platform.Storage;

namespace MediaAspire.Api.Uploads;

/// <summary>The parts of an upload read back to back as one stream, each opened only when reached: memory stays one buffer whatever the size.</summary>
internal sealed class PartsReadStream(IObjectStore store, IReadOnlyList<string> keys) : ForwardOnlyReadStream
{
    private int _next;
    private Stream? _current;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_current is null)
            {
                if (_next == keys.Count) return 0;
                _current = await store.OpenReadAsync(keys[_next++], cancellationToken);
            }
            var read = await _current.ReadAsync(buffer, cancellationToken);
            if (read > 0 || buffer.IsEmpty) return read;
            await _current.DisposeAsync();
            _current = null;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _current?.Dispose();
        base.Dispose(disposing);
    }
}
