using MediaAspire.Platform.Storage;
using System.Security.Cryptography;

namespace MediaAspire.Api.Uploads.Bodies;

/// <summary>
/// A read-through stream that hashes and counts what passes, and stops the copy as soon as more than
/// <c>maxBytes</c> went through, so an oversized upload is refused without being stored first.
/// </summary>
internal sealed class MeasuringReadStream(Stream inner, long maxBytes) : ForwardOnlyReadStream
{
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }

    public string Sha256Hex() => Convert.ToHexStringLower(_sha256.GetCurrentHash());

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Account(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Account(buffer.AsSpan(offset, read));
        return read;
    }

    private void Account(ReadOnlySpan<byte> data)
    {
        BytesRead += data.Length;
        if (BytesRead > maxBytes) throw new UploadTooLargeException(maxBytes);
        _sha256.AppendData(data);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _sha256.Dispose();
        base.Dispose(disposing);
    }
}
