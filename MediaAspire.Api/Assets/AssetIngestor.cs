using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Queue;
using MediaAspire.Platform.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MediaAspire.Api.Assets;

public sealed record IngestResult(Asset Asset, Job Job);

/// <summary>Why an upload was refused, as an HTTP status and a sentence for the user.</summary>
public sealed class UploadRejectedException(int statusCode, string title, string detail) : Exception(detail)
{
    public int StatusCode { get; } = statusCode;
    public string Title { get; } = title;
}

/// <summary>
/// Turns an incoming byte stream into a stored asset plus its first job: streams the bytes to object
/// storage (hashing and counting on the way, never holding the file in memory), records both rows in
/// one transaction, then queues the job. If queuing fails the job stays pending in PostgreSQL and the
/// worker's sweeper queues it later, so an accepted upload is never lost.
/// </summary>
public sealed class AssetIngestor(
    IObjectStore store,
    NpgsqlDataSource dataSource,
    AssetRepository assets,
    JobRepository jobs,
    JobQueue queue,
    IOptions<UploadOptions> options,
    ILogger<AssetIngestor> logger)
{
    public long MaxBytes => options.Value.MaxBytes;

    public async Task<IngestResult> IngestAsync(Stream content, string filename, string contentType, CancellationToken cancellationToken)
    {
        var assetId = Guid.CreateVersion7();
        var key = Asset.SourceKey(assetId);
        string sha256;
        long size;
        await using (var measured = new MeasuringReadStream(content, MaxBytes))
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

        if (size == 0)
        {
            await store.DeleteAsync(key, CancellationToken.None);
            throw new UploadRejectedException(StatusCodes.Status400BadRequest, "Empty upload", "The uploaded file is empty (0 bytes).");
        }

        var asset = new Asset(assetId, CleanFilename(filename), contentType, size, sha256, key, AssetStatus.Uploaded,
            null, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        Job job;
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await assets.InsertAsync(asset, connection, transaction, cancellationToken);
            job = await jobs.InsertAsync(assetId, JobKinds.Probe, connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            // No row points at the bytes: remove them rather than leak storage.
            await store.DeleteAsync(key, CancellationToken.None);
            throw;
        }

        await TryEnqueueAsync(job, cancellationToken);
        return new IngestResult(asset, job);
    }

    private async Task TryEnqueueAsync(Job job, CancellationToken cancellationToken)
    {
        try
        {
            var messageId = await queue.EnqueueAsync(job.Id, job.Kind);
            await jobs.MarkEnqueuedAsync(job.Id, messageId, cancellationToken);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not queue job {JobId}; the sweeper will queue it once Redis is back", job.Id);
        }
    }

    /// <summary>User file names are metadata only; keep them printable and short.</summary>
    private static string CleanFilename(string filename)
    {
        var name = Path.GetFileName(filename.Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0) return "upload";
        return name.Length <= 255 ? name : name[..255];
    }
}
