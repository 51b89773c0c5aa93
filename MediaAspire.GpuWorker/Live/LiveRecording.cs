using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Database;
using MediaAspire.Platform.Live;
using MediaAspire.Platform.Processes;
using MediaAspire.Platform.Tenancy;

namespace MediaAspire.GpuWorker.Live;

/// <summary>The ended session's recording as an ordinary asset of the stream's tenant: its segments joined (MPEG-TS
/// concatenates byte for byte; no re-encode) and remuxed to MP4, stored, and inserted with the job's result.</summary>
public sealed class LiveRecording(TenantRepository tenants, AssetRepository assets, LiveStreamRepository streams, ResultUploader uploader)
{
    /// <param name="Asset">The asset to insert (status uploaded: the usual pipeline probes it next).</param>
    /// <param name="Persist">Inserts it and links the stream to it, in the transaction that completes the job.</param>
    public sealed record Stored(Asset Asset, TransactionWrite Persist);

    /// <returns>The stored recording, or why there is none (quota, unreadable media).</returns>
    public async Task<(Stored? Recording, string? Failure)> StoreAsync(LiveStream stream, IReadOnlyList<ClosedSegment> segments, JobScratch scratch,
        CancellationToken cancellationToken)
    {
        var joined = scratch.PathOf("recording.ts");
        await using (var output = File.Create(joined))
            foreach (var segment in segments)
            {
                await using var input = File.OpenRead(scratch.PathOf(segment.File));
                await input.CopyToAsync(output, cancellationToken);
            }
        var mp4 = scratch.PathOf("recording.mp4");
        try
        {
            await FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg(["-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                "-protocol_whitelist", "file", "-f", "mpegts", "-i", joined, "-map", "0", "-c", "copy", "-movflags", "+faststart", mp4])
                with { Purpose = "store the live recording", Timeout = TimeSpan.FromMinutes(10) }, cancellationToken);
        }
        catch (FfmpegFailedException e)
        {
            return (null, e.Message);
        }
        var size = new FileInfo(mp4).Length;
        var id = Guid.CreateVersion7();
        // The asset's id is the reservation's: settled when the asset row is inserted, given back if it never is.
        if (await tenants.ReserveForJobAsync(id, stream.TenantId, size, 1, "the recording", cancellationToken) is { } overQuota)
            return (null, overQuota);
        var key = Asset.SourceKey(id);
        try
        {
            await uploader.StoreAllAsync([(key, mp4)], _ => Task.CompletedTask, cancellationToken);
        }
        catch
        {
            await tenants.ReleaseReservationAsync(id, null, null, CancellationToken.None);
            throw;
        }
        var now = DateTimeOffset.UtcNow;
        var asset = new Asset(id, $"{FileName(stream.Name)}.mp4", "video/mp4", size, await FileHashes.Sha256Async(mp4, cancellationToken), key,
            AssetStatus.Uploaded, null, null, now, now, stream.TenantId) { Kind = AssetKinds.Recording };
        return (new Stored(asset, async (connection, transaction, ct) =>
        {
            await assets.InsertAsync(asset, connection, transaction, ct);
            await tenants.SettleAsync(id, ct, connection, transaction);
            await streams.FinishAsync(stream.Id, asset.Id, null, connection, transaction, ct);
        }), null);
    }

    private static string FileName(string name)
    {
        var safe = new string([.. name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]).Trim('-', '.');
        return safe.Length == 0 ? "live" : safe[..Math.Min(safe.Length, 100)];
    }
}
