using System.Text.RegularExpressions;
using MediaAspire.Api.Assets;
using MediaAspire.Api.Quotas;
using MediaAspire.Api.Uploads.Bodies;
using MediaAspire.Platform.Storage;
using MediaAspire.Platform.Tenancy;
using Microsoft.Extensions.Options;

namespace MediaAspire.Api.Uploads;

/// <summary>
/// The resumable upload protocol: initiate with the file's size and SHA-256, send parts (1-based, any
/// order, any number of times: a part sent again replaces itself), complete. Completion joins the parts
/// into an asset through <see cref="AssetIngestor"/>, which checks the bytes are media and match the
/// declared size and hash. Parts stream straight to object storage; nothing is held in memory.
/// <para>Declaring an upload reserves its size and one asset of the tenant's quota (413 when they do not fit), so parts
/// never fill storage the tenant does not have; completion hands the reservation to the asset, abort and expiry give it back.</para>
/// </summary>
public sealed partial class ResumableUploadService(
    IObjectStore store,
    UploadRepository uploads,
    AssetIngestor ingestor,
    TenantRepository tenants,
    IOptions<UploadOptions> options,
    ILogger<ResumableUploadService> logger)
{
    private UploadOptions Options => options.Value;

    public async Task<ResumableUpload> InitiateAsync(InitiateUpload request, TenantScope tenant, CancellationToken cancellationToken)
    {
        if (request.SizeBytes <= 0)
            throw Rejected(StatusCodes.Status400BadRequest, "Invalid size", "size_bytes must be the file's size in bytes, at least 1.");
        if (request.SizeBytes > Options.MaxBytes)
            throw Rejected(StatusCodes.Status413PayloadTooLarge, "Upload too large", $"The upload is larger than the {Options.MaxBytes:N0}-byte limit.");
        if (request.Sha256 is null || !Sha256Hex().IsMatch(request.Sha256))
            throw Rejected(StatusCodes.Status400BadRequest, "Invalid sha256", "sha256 must be the file's SHA-256 as 64 hexadecimal digits.");

        var upload = new ResumableUpload(Guid.CreateVersion7(), AssetIngestor.CleanFilename(request.Filename ?? ""),
            string.IsNullOrWhiteSpace(request.ContentType) ? "application/octet-stream" : request.ContentType.Trim(),
            request.SizeBytes, request.Sha256.ToLowerInvariant(), UploadState.Uploading, null,
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow + Options.ResumableTtl, tenant.TenantId);
        await using var quota = new QuotaReservation(tenants, tenant.TenantId);
        await quota.ReserveAssetAsync(cancellationToken);
        await quota.ReserveBytesAsync(upload.SizeBytes, cancellationToken);
        await uploads.InsertAsync(upload, cancellationToken);
        // The upload row holds it now (quota_reserved), until its completion, abort or expiry.
        await quota.KeepAsync(cancellationToken);
        return upload;
    }

    public async Task<UploadPart> PutPartAsync(Guid id, TenantScope tenant, int number, Stream body, CancellationToken cancellationToken)
    {
        var upload = await OpenUploadAsync(id, tenant, cancellationToken);
        if (number is < 1 or > ResumableUpload.MaxParts)
            throw Rejected(StatusCodes.Status400BadRequest, "Invalid part number", $"Part numbers run from 1 to {ResumableUpload.MaxParts}.");

        var content = await SniffedStream.OpenAsync(body, cancellationToken);
        if (content.IsEmpty) throw Rejected(StatusCodes.Status400BadRequest, "Empty part", $"Part {number} has no bytes.");
        // The first part carries the container's signature: refuse non-media before the rest is sent, and keep nothing.
        if (number == 1 && content.Format is null)
        {
            await AbortAsync(upload.Id, tenant, cancellationToken);
            throw UploadRejectedException.NotMedia(content.Head);
        }

        var key = ResumableUpload.PartKey(id, number, Guid.NewGuid());
        UploadPart part;
        await using (var measured = new MeasuringReadStream(content, Options.MaxPartBytes))
        {
            try
            {
                await store.PutAsync(key, measured, cancellationToken);
            }
            catch (UploadTooLargeException)
            {
                throw Rejected(StatusCodes.Status413PayloadTooLarge, "Part too large", $"A part may be at most {Options.MaxPartBytes:N0} bytes.");
            }
            part = new UploadPart(number, measured.BytesRead, measured.Sha256Hex());
        }

        var (recorded, replaced) = await uploads.RecordPartAsync(id, tenant, part, key, Options.ResumableTtl, cancellationToken);
        switch (recorded)
        {
            case PartRecorded.Recorded:
                // Recorded while the upload was open, so no completion can be reading the copy it replaced.
                if (replaced is not null) await store.TryDeleteAsync(replaced, logger);
                return part;
            case PartRecorded.OverDeclaredSize:
                // Nothing was recorded: an earlier copy of this part, if any, still stands.
                await store.TryDeleteAsync(key, logger);
                throw Rejected(StatusCodes.Status400BadRequest, "Parts exceed the declared size",
                    $"With part {number} ({part.SizeBytes:N0} bytes) the parts would add up to more than the declared {upload.SizeBytes:N0} bytes.");
            default:
                // Completing, completed, aborted or expired while the part was arriving: a join reads only recorded keys, never this one.
                await store.TryDeleteAsync(key, logger);
                throw Rejected(StatusCodes.Status409Conflict, "Upload closed", $"Upload {id} no longer accepts parts.");
        }
    }

    public async Task<IngestResult> CompleteAsync(Guid id, TenantScope tenant, CancellationToken cancellationToken)
    {
        var completion = Guid.NewGuid();
        var upload = await uploads.TryBeginCompletingAsync(id, tenant, completion, Options.CompletionLease, Options.ResumableTtl, cancellationToken);
        if (upload is null) return await AlreadyCompletedAsync(id, tenant, cancellationToken);

        using var joined = new CancellationTokenSource();
        var renewing = KeepCompletingAsync(id, completion, joined.Token);
        IReadOnlyList<StoredPart> parts = [];
        try
        {
            parts = await uploads.ListPartsAsync(id, tenant, cancellationToken);
            var missing = Enumerable.Range(1, parts.Count == 0 ? 1 : parts[^1].Part.Number).Except(parts.Select(p => p.Part.Number)).ToList();
            if (missing.Count > 0)
                throw Rejected(StatusCodes.Status400BadRequest, "Missing parts", $"Parts {string.Join(", ", missing.Take(20))} have not been received.");

            // The size is checked again on the joined bytes, but failing before reading gigabytes is kinder.
            var received = parts.Sum(p => p.Part.SizeBytes);
            if (received != upload.SizeBytes)
                throw Rejected(StatusCodes.Status422UnprocessableEntity, "Size mismatch",
                    $"The parts add up to {received:N0} bytes, but the upload declared {upload.SizeBytes:N0} bytes.");
            IngestResult result;
            await using (var stream = new PartsReadStream(store, parts.Select(p => p.StorageKey).ToList()))
            {
                // The upload's tenant, not the caller's: an operator completing a tenant's upload makes that tenant's asset.
                result = await ingestor.IngestAsync(stream, upload.Filename, new ExpectedContent(upload.SizeBytes, upload.Sha256),
                    TenantScope.Of(upload.TenantId), cancellationToken,
                    reserved: QuotaReservation.HeldElsewhere(tenants, upload.TenantId, upload.SizeBytes));
            }
            // The new asset keeps the upload's reservation; bytes that were already an asset need none.
            if (await uploads.MarkCompletedAsync(id, result.Asset.Id, cancellationToken) && result.Duplicate)
                await tenants.ReleaseAsync(upload.TenantId, upload.SizeBytes, 1, CancellationToken.None);
            await store.TryDeletePrefixAsync(ResumableUpload.KeyPrefix(id), logger);
            return result;
        }
        catch (UploadRejectedException e) when (e.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            await AbortAsync(id, tenant, CancellationToken.None);
            throw;
        }
        catch (ObjectNotFoundException e)
        {
            await uploads.ReopenAsync(id, completion, CancellationToken.None);
            return await AfterPartVanishedAsync(id, tenant, parts.FirstOrDefault(p => p.StorageKey == e.Key), cancellationToken);
        }
        catch
        {
            // A wrong or missing part can be re-sent; anything else can be retried.
            await uploads.ReopenAsync(id, completion, CancellationToken.None);
            throw;
        }
        finally
        {
            await joined.CancelAsync();
            await renewing;
        }
    }

    /// <returns>False when <paramref name="tenant"/> had no such upload.</returns>
    public async Task<bool> AbortAsync(Guid id, TenantScope tenant, CancellationToken cancellationToken)
    {
        if (await uploads.DeleteAsync(id, tenant, cancellationToken) is not { } deleted) return false;
        await ForgetAsync(deleted);
        return true;
    }

    /// <summary>Removes uploads nobody touched within the TTL, and their parts.</summary>
    /// <returns>How many uploads were removed.</returns>
    public async Task<int> SweepExpiredAsync(CancellationToken cancellationToken)
    {
        var expired = await uploads.DeleteExpiredAsync(cancellationToken);
        foreach (var upload in expired) await ForgetAsync(upload);
        return expired.Count;
    }

    private async Task ForgetAsync(DeletedUpload upload)
    {
        if (upload.HeldQuota) await tenants.ReleaseAsync(upload.TenantId, upload.SizeBytes, 1, CancellationToken.None);
        await store.TryDeletePrefixAsync(ResumableUpload.KeyPrefix(upload.Id), logger);
    }

    private async Task<ResumableUpload> OpenUploadAsync(Guid id, TenantScope tenant, CancellationToken cancellationToken)
    {
        var upload = await uploads.GetAsync(id, tenant, cancellationToken) ?? throw NotFound(id);
        if (upload.State != UploadState.Uploading)
            throw Rejected(StatusCodes.Status409Conflict, "Upload closed", $"Upload {id} is {upload.State.ToString().ToLowerInvariant()} and no longer accepts parts.");
        return upload;
    }

    /// <summary>Renews the completion's lease while it joins, so nobody takes over a live completion.</summary>
    private async Task KeepCompletingAsync(Guid id, Guid completion, CancellationToken joined)
    {
        using var timer = new PeriodicTimer(Options.CompletionLease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(joined))
            {
                if (await uploads.RenewCompletingAsync(id, completion, Options.CompletionLease, joined)) continue;
                // Aborted, or taken over after a stall: the other completion joins the same parts into the same asset.
                logger.LogWarning("Completion {Completion} of upload {UploadId} lost its lease", completion, id);
                return;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // A missed renewal only risks a second completion of the same bytes, which resolves to the same asset.
            logger.LogWarning(e, "Renewing the completion lease of upload {UploadId} failed", id);
        }
    }

    /// <summary>
    /// A part's object disappeared under the join: the upload was aborted or expired, or another completion
    /// (one that took over this one) finished and removed the parts. Answers as the upload now stands.
    /// </summary>
    private async Task<IngestResult> AfterPartVanishedAsync(Guid id, TenantScope tenant, StoredPart? vanished, CancellationToken cancellationToken)
    {
        var upload = await uploads.GetAsync(id, tenant, cancellationToken)
            ?? throw Rejected(StatusCodes.Status404NotFound, "No such upload", $"Upload {id} was aborted or expired while it was being completed.");
        if (upload.State != UploadState.Uploading || vanished is null) return await AlreadyCompletedAsync(id, tenant, cancellationToken);
        // Forget the part, so the upload's status shows it missing and the client sends it again.
        await uploads.RemovePartAsync(id, vanished.StorageKey, CancellationToken.None);
        throw Rejected(StatusCodes.Status409Conflict, "Part lost",
            $"The stored bytes of part {vanished.Part.Number} of upload {id} are gone; send the part again, then complete.");
    }

    /// <summary>A repeated complete (e.g. a client retry after a lost answer) gets the same asset.</summary>
    private async Task<IngestResult> AlreadyCompletedAsync(Guid id, TenantScope tenant, CancellationToken cancellationToken)
    {
        var upload = await uploads.GetAsync(id, tenant, cancellationToken) ?? throw NotFound(id);
        if (upload.State == UploadState.Completed)
            return upload.AssetId is { } assetId && await ingestor.ExistingAsync(assetId, tenant, cancellationToken) is { } existing
                ? existing
                : throw Rejected(StatusCodes.Status410Gone, "Asset deleted", $"Upload {id} completed, but its asset has since been deleted.");
        throw Rejected(StatusCodes.Status409Conflict, "Upload busy", $"Upload {id} is {upload.State.ToString().ToLowerInvariant()}; try again shortly.");
    }

    private static UploadRejectedException NotFound(Guid id) =>
        Rejected(StatusCodes.Status404NotFound, "No such upload", $"Upload {id} does not exist or has expired.");

    private static UploadRejectedException Rejected(int status, string title, string detail) => new(status, title, detail);

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Hex();
}
