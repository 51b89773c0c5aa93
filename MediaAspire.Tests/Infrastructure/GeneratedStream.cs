using System.Security.Cryptography;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>
/// <paramref name="length"/> pseudo-random bytes made while read, from a seed: large test payloads without
/// a large array or file. Not seekable and of unknown length, like a request body.
/// </summary>
public sealed class GeneratedStream(long length, int seed = 1, long failAfter = long.MaxValue) : Stream
{
    private readonly Random _random = new(seed);
    private long _position;

    /// <summary>The SHA-256 of the whole payload, computed by generating it once more.</summary>
    public static string Sha256Hex(long length, int seed = 1)
    {
        using var stream = new GeneratedStream(length, seed);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public override int Read(Span<byte> buffer)
    {
        if (_position >= failAfter) throw new IOException("The generated stream was told to fail here.");
        var count = (int)Math.Min(buffer.Length, Math.Min(length, failAfter) - _position);
        if (count <= 0) return 0;
        _random.NextBytes(buffer[..count]);
        _position += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
