using MediaAspire.Platform.Storage;

namespace MediaAspire.Api.Quotas;

/// <summary>
/// Reserves quota for the bytes that pass, before they reach storage: a chunk ahead at a time (one statement per
/// <see cref="ChunkBytes"/>, not per read), and when a whole chunk no longer fits, exactly what was read. A read that
/// does not fit stops the copy with 413, so nothing over the quota is ever written.
/// </summary>
internal sealed class QuotaReservingStream(Stream inner, QuotaReservation reservation) : ForwardOnlyReadStream
{
    private const long ChunkBytes = 8L * 1024 * 1024;

    public long BytesRead { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        await ReserveAsync(read, cancellationToken);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        ReserveAsync(read, CancellationToken.None).GetAwaiter().GetResult();
        return read;
    }

    private async Task ReserveAsync(int read, CancellationToken cancellationToken)
    {
        BytesRead += read;
        var missing = BytesRead - reservation.Bytes;
        if (missing <= 0) return;
        if (await reservation.TryReserveBytesAsync(Math.Max(missing, ChunkBytes), cancellationToken)) return;
        await reservation.ReserveBytesAsync(missing, cancellationToken);
    }
}
