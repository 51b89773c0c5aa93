using MediaAspire.Api.Quotas;
using MediaAspire.Api.Uploads;
using MediaAspire.Api.Uploads.Bodies;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Storage;
using MediaAspire.Platform.Tenancy;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MediaAspire.Api.Assets;

/// <summary>
/// Turns an incoming byte stream into a stored asset plus its first job: checks the first bytes are
/// media, streams the bytes to object storage (hashing and counting on the way, never holding the file
/// in memory), and records both rows in one transaction, then queues the job. Bytes that are already an
/// asset resolve to that asset instead (no second copy, no reprocessing). If queuing fails the job stays
/// pending in PostgreSQL and the worker's sweeper queues it later, so an accepted upload is never lost.
/// <para>The tenant's quota is reserved before anything is written: an asset slot up front, the bytes as they stream
/// in (<see cref="QuotaReservingStream"/>), so an upload that would go over is refused (413) without being stored.</para>
/// </summary>
public sealed class AssetIngestor(
    IObjectStore store,
    NpgsqlDataSource dataSource,
    AssetRepository assets,
    JobRepository jobs,
    JobSubmitter submitter,
    TenantRepository tenants,
    IOptions<UploadOptions> options,
    ILogger<AssetIngestor> logger)
{
    public long MaxBytes => options.Value.MaxBytes;

    /// <param name="firstJob">The new asset's first job; default <see cref="FirstJob.Probe"/>. Bytes already stored keep their own jobs.</param>
    /// <param name="maxBytes">A tighter cap than the configured one (e.g. the sync classify endpoint's).</param>
    /// <param name="tenant">Whose asset it becomes (<see cref="TenantScope.TenantId"/>); bytes are deduped within that tenant only.</param>
    /// <param name="sizeHint">At most this many bytes will come (a request's Content-Length): reserved up front, so of two
    /// uploads that cannot both fit, the second is refused before it stores anything.</param>
    /// <param name="reserved">Quota the caller already holds for these bytes and one asset (a resumable upload's, taken when it
    /// was declared); it stays the caller's to give back. Without it the ingest reserves its own.</param>
    public async Task<IngestResult> IngestAsync(Stream content, string filename, ExpectedContent? expected, TenantScope tenant,
        CancellationToken cancellationToken, FirstJob? firstJob = null, long? maxBytes = null, long? sizeHint = null, QuotaReservation? reserved = null)
    {
        var sniffed = await SniffedStream.OpenAsync(content, cancellationToken);
        if (sniffed.IsEmpty)
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, "Empty upload", "The uploaded file is empty (0 bytes).");
        var format = sniffed.Format ?? throw UploadRejectedException.NotMedia(sniffed.Head);

        await using var own = reserved is null ? new QuotaReservation(tenants, tenant.TenantId) : null;
        var quota = reserved ?? own!;
        if (own is not null)
        {
            await own.ReserveAssetAsync(cancellationToken);
            if (sizeHint is > 0) await own.ReserveBytesAsync(Math.Min(sizeHint.Value, Math.Min(MaxBytes, maxBytes ?? long.MaxValue)), cancellationToken);
        }

        var assetId = Guid.CreateVersion7();
        var key = Asset.SourceKey(assetId);
        string sha256;
        long size;
        await using (var measured = new MeasuringReadStream(new QuotaReservingStream(sniffed, quota), Math.Min(MaxBytes, maxBytes ?? long.MaxValue)))
        {
            try
            {
                await store.PutAsync(key, measured, cancellationToken);
            }
            catch (UploadTooLargeException e)
            {
                throw new UploadRejectedException(StatusCodes.Status413PayloadTooLarge, "Upload too large", e.Message);
            }
            sha256 = measured.Sha256Hex();
            size = measured.BytesRead;
        }
        if (own is not null) await own.TrimToAsync(size, cancellationToken);

        IngestResult result;
        try
        {
            Verify(expected, size, sha256);
            var asset = new Asset(assetId, CleanFilename(filename), format.MediaType, size, sha256, key, AssetStatus.Uploaded,
                null, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, tenant.TenantId);
            result = await RecordAsync(asset, firstJob ?? FirstJob.Probe, own, cancellationToken);
        }
        catch
        {
            // No row points at the bytes: remove them rather than leak storage, and keep the error that says why.
            await store.TryDeleteAsync(key, logger);
            throw;
        }

        if (result.Duplicate)
        {
            await store.TryDeleteAsync(key, logger);
            return result;
        }
        await submitter.TryEnqueueAsync(result.Job, cancellationToken);
        return result;
    }

    private static void Verify(ExpectedContent? expected, long size, string sha256)
    {
        if (expected is null) return;
        if (size != expected.SizeBytes)
            throw new UploadRejectedException(StatusCodes.Status422UnprocessableEntity, "Size mismatch",
                $"The parts add up to {size:N0} bytes, but the upload declared {expected.SizeBytes:N0} bytes.");
        if (!string.Equals(sha256, expected.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new UploadRejectedException(StatusCodes.Status422UnprocessableEntity, "SHA-256 mismatch",
                $"The uploaded bytes hash to {sha256}, but the upload declared {expected.Sha256.ToLowerInvariant()}; re-send the parts whose sha256 differs from yours.");
    }

    /// <summary>Inserts the asset and its first job, unless an asset with the same bytes exists: then that one is the answer.
    /// The new asset holds the space <paramref name="reservation"/> took, from the same commit (deleting the asset gives it
    /// back: AssetRepository.DeleteAsync).</summary>
    private async Task<IngestResult> RecordAsync(Asset asset, FirstJob firstJob, QuotaReservation? reservation, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Serialises the tenant's uploads of the same bytes, so two at once still make one asset.
        await using (var lockHash = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@tenant || @sha256, 0))", connection, transaction))
        {
            lockHash.Parameters.AddWithValue("sha256", asset.Sha256);
            lockHash.Parameters.AddWithValue("tenant", asset.TenantId.ToString());
            await lockHash.ExecuteNonQueryAsync(cancellationToken);
        }
        if (await assets.FindBySha256Async(asset.Sha256, asset.TenantId, connection, transaction, cancellationToken) is { } existing)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new IngestResult(existing, await FirstJobAsync(existing.Id, TenantScope.Of(asset.TenantId), cancellationToken), Duplicate: true);
        }
        await assets.InsertAsync(asset, connection, transaction, cancellationToken);
        var job = await jobs.InsertAsync(asset.Id, firstJob.Kind, connection, transaction, cancellationToken, firstJob.Parameters);
        if (reservation is not null) await reservation.KeepAsync(cancellationToken, connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return new IngestResult(asset, job, Duplicate: false);
    }

    /// <summary>An asset that already exists, with the job that first processed it; null when it was deleted.</summary>
    public async Task<IngestResult?> ExistingAsync(Guid assetId, TenantScope tenant, CancellationToken cancellationToken) =>
        await assets.GetAsync(assetId, tenant, cancellationToken) is { } asset
            ? new IngestResult(asset, await FirstJobAsync(asset.Id, tenant, cancellationToken), Duplicate: false)
            : null;

    private async Task<Job> FirstJobAsync(Guid assetId, TenantScope tenant, CancellationToken cancellationToken) =>
        (await jobs.ListForAssetAsync(assetId, tenant, cancellationToken)).FirstOrDefault()
        ?? throw new InvalidOperationException($"Asset {assetId} has no job.");

    /// <summary>User file names are metadata only; keep them printable and short.</summary>
    public static string CleanFilename(string filename)
    {
        var name = Path.GetFileName(filename.Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0) return "upload";
        return name.Length <= 255 ? name : name[..255];
    }
}
