using MediaAspire.Platform.Storage;
namespace MediaAspire.Api.Uploads.Bodies;

/// <summary>
/// Reads the first <see cref="MediaSniffer.HeadLength"/> bytes of a forward-only stream to recognise its
/// format, then replays them ahead of the rest, so the bytes are checked before anything is stored
/// without buffering the whole body.
/// </summary>
internal sealed class SniffedStream : ForwardOnlyReadStream
{
    private readonly Stream _inner;
    private readonly byte[] _head;
    private readonly int _headLength;
    private int _headPosition;

    private SniffedStream(Stream inner, byte[] head, int headLength)
    {
        _inner = inner;
        _head = head;
        _headLength = headLength;
    }

    public ReadOnlySpan<byte> Head => _head.AsSpan(0, _headLength);

    public bool IsEmpty => _headLength == 0;

    public SniffedFormat? Format => MediaSniffer.Sniff(Head);

    public static async Task<SniffedStream> OpenAsync(Stream inner, CancellationToken cancellationToken)
    {
        var head = new byte[MediaSniffer.HeadLength];
        var length = await inner.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        return new SniffedStream(inner, head, length);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_headPosition < _headLength)
        {
            var count = Math.Min(buffer.Length, _headLength - _headPosition);
            _head.AsMemory(_headPosition, count).CopyTo(buffer);
            _headPosition += count;
            return count;
        }
        return await _inner.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_headPosition < _headLength)
        {
            var n = Math.Min(count, _headLength - _headPosition);
            _head.AsSpan(_headPosition, n).CopyTo(buffer.AsSpan(offset));
            _headPosition += n;
            return n;
        }
        return _inner.Read(buffer, offset, count);
    }

}
