using MediaAspire.Api.Uploads.Bodies;
using MediaAspire.Platform.Tenancy;
using Npgsql;

namespace MediaAspire.Api.Quotas;

/// <summary>
/// Space and an asset slot held against a tenant's quota while an upload is written. Taken before the bytes are
/// stored (and as they stream in, when their size is not known up front), given back on dispose unless
/// <see cref="KeepAsync"/> hands it to the row that now holds it. It is a reservation row with an expiry
/// (<see cref="TenantRepository.TryReserveAsync"/>): an API killed in between leaves nothing held for good.
/// </summary>
public sealed class QuotaReservation(TenantRepository tenants, Guid tenantId) : IAsyncDisposable
{
    private readonly Guid _id = Guid.CreateVersion7();
    private long _bytes;
    private int _assets;
    private bool _kept;

    public long Bytes => _bytes;

    /// <summary>What someone else already holds (a resumable upload's declared size): used, never given back, by its user.</summary>
    public static QuotaReservation HeldElsewhere(TenantRepository tenants, Guid tenantId, long bytes) =>
        new(tenants, tenantId) { _bytes = bytes, _kept = true };

    /// <exception cref="UploadRejectedException">413: the tenant holds as many assets as its quota allows.</exception>
    public async Task ReserveAssetAsync(CancellationToken cancellationToken)
    {
        if (!await tenants.TryReserveAsync(_id, tenantId, 0, 1, cancellationToken))
            throw Exceeded("The tenant's quota of assets is used up; delete assets or ask the operator for a larger quota.");
        _assets++;
    }

    /// <exception cref="UploadRejectedException">413: the bytes would take the tenant over its storage quota.</exception>
    public async Task ReserveBytesAsync(long bytes, CancellationToken cancellationToken)
    {
        if (!await TryReserveBytesAsync(bytes, cancellationToken))
            throw Exceeded($"Storing this upload would take the tenant over its storage quota ({_bytes + bytes:N0} bytes were needed so far); see GET /api/usage.");
    }

    public async Task<bool> TryReserveBytesAsync(long bytes, CancellationToken cancellationToken)
    {
        if (!await tenants.TryReserveAsync(_id, tenantId, bytes, 0, cancellationToken)) return false;
        _bytes += bytes;
        return true;
    }

    /// <summary>Gives back what was reserved beyond <paramref name="bytes"/> (a stream reserves ahead of what it read).</summary>
    public async Task TrimToAsync(long bytes, CancellationToken cancellationToken)
    {
        if (_bytes <= bytes) return;
        await tenants.ReleaseReservationAsync(_id, _bytes - bytes, 0, cancellationToken);
        _bytes = bytes;
    }

    /// <summary>The row that holds what was reserved (an asset, a resumable upload) now exists: nothing is given back.</summary>
    /// <param name="connection">With <paramref name="transaction"/>: the transaction that inserts that row, so the space is never counted twice.</param>
    public async Task KeepAsync(CancellationToken cancellationToken, NpgsqlConnection? connection = null, NpgsqlTransaction? transaction = null)
    {
        if (_kept) return;
        if (_bytes != 0 || _assets != 0) await tenants.SettleAsync(_id, cancellationToken, connection, transaction);
        _kept = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_kept || (_bytes == 0 && _assets == 0)) return;
        await tenants.ReleaseReservationAsync(_id, null, null, CancellationToken.None);
        (_bytes, _assets) = (0, 0);
    }

    private static UploadRejectedException Exceeded(string detail) =>
        new(StatusCodes.Status413PayloadTooLarge, "Storage quota exceeded", detail);
}
