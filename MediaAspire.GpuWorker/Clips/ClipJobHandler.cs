using System.Globalization;
using System.Text.Json;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Clips;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Json;
using MediaAspire.Platform.Processes;
using MediaAspire.Platform.Storage;
using MediaAspire.Platform.Tenancy;
using Microsoft.Extensions.Options;

namespace MediaAspire.GpuWorker.Clips;

/// <summary>
/// The clips job: pulls the source once (after the scratch disk's free-space check) and cuts every requested clip from
/// that copy. Each cut is checked (at least <see cref="ClipSettings.MinBytes"/>, readable, not empty) before anything is
/// stored; then its space and asset slot are taken from the tenant's quota in one statement on the tenant row (the way
/// uploads reserve: a job that would go over it fails with the reason and stores nothing; the source is never touched);
/// then all are stored, each under a key of this attempt's own (<see cref="Clip.SourceKeyOf"/>), and recorded with the job's
/// completion as assets of kind clip, with their probe and a renditions job each. Clips named by <see cref="ClipIdentity"/>
/// that exist already are skipped, before cutting and again under a lock when recording: a clip another job (a duplicate
/// request, a redelivery) recorded first is not recorded again, and this job gives back its quota and deletes its file.
/// A failure anywhere takes back what it stored and reserved, so none is ever half-written; so does losing the job to
/// another worker before the commit (<see cref="JobOutcome.Abandon"/>), and the next attempt deletes what a killed one stored.
/// </summary>
/// <remarks>Progress: downloading 0–10 %, cutting 10–90 %, storing to 100 %.</remarks>
public sealed class ClipJobHandler(
    JobAssets jobAssets, AssetRepository assets, ClipRepository clips, TenantRepository tenants, ClipCutter cutter, MediaProber prober,
    ResultUploader uploader, IOptions<ClipSettings> settings) : IJobHandler
{
    public string Kind => JobKinds.Clips;

    public async Task<JobOutcome> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        var (source, refusal) = await jobAssets.GetAsync(context, "cut into clips", needsProbe: true, cancellationToken);
        if (source is null) return refusal!;
        var (assetId, probe, tenant) = (source.Id, source.Probe!, TenantScope.Of(context.Job.TenantId));
        var planned = context.Job.Parameters?.Deserialize<ClipJobParameters>(PlatformJson.Options)?.Clips ?? [];
        var existing = (await clips.GetManyAsync(planned.Select(p => p.Id).ToList(), tenant, cancellationToken)).Select(c => c.Id).ToHashSet();
        var todo = planned.Where(p => !existing.Contains(p.Id)).ToList();

        var cut = new List<(PlannedClip Clip, CutClip File, MediaProbe Probe, long Size, string Sha256)>();
        // The quota this attempt takes for its clips: settled by the commit that records them, given back otherwise; if the
        // worker dies first, it runs out and is reconciled (TenantRepository.ReconcileAsync).
        var reservation = Guid.CreateVersion7();
        string KeyOf(PlannedClip clip) => Clip.SourceKeyOf(clip.Id, context.Job.Id, context.Job.Attempts);
        if (todo.Count > 0)
        {
            // Files an earlier attempt stored and never recorded (it was killed, or lost its lease) are nobody's.
            await uploader.DeleteAsync(todo.SelectMany(c => Enumerable.Range(1, context.Job.Attempts - 1).Select(a => Clip.SourceKeyOf(c.Id, context.Job.Id, a))));
            using var scratch = jobAssets.CreateScratch(context.Job.Id);
            await context.ReportProgressAsync("downloading", 0);
            // The source plus the clips (re-encoded ones can be larger per second than the source, never longer).
            if (await jobAssets.FetchSourceAsync(source, scratch, cancellationToken, spaceFactor: 2) is not { } local)
                return JobOutcome.Failed(JobAssets.SourceMissing);
            for (var i = 0; i < todo.Count; i++)
            {
                var clip = todo[i];
                var index = i;
                var file = scratch.PathOf($"{clip.Id:N}.mp4");
                CutClip made;
                try
                {
                    made = await cutter.CutAsync(local, probe, clip, file, scratch.PathOf($"work-{i}"), settings.Value,
                        f => context.ReportProgressAsync("cutting", (float)(0.1 + 0.8 * (index + f) / todo.Count)), cancellationToken);
                }
                catch (Exception e) when (e is FfmpegFailedException or UnreadableMediaException)
                {
                    return JobOutcome.Failed($"{Describe(clip)}: {e.Message}");
                }
                var size = new FileInfo(file).Exists ? new FileInfo(file).Length : 0;
                if (size < settings.Value.MinBytes)
                    return JobOutcome.Failed($"{Describe(clip)} came out empty ({size} bytes, under the {settings.Value.MinBytes} a clip needs); no clip was made.");
                MediaProbe clipProbe;
                try
                {
                    clipProbe = await prober.ProbeAsync(file, cancellationToken);
                }
                catch (UnreadableMediaException e)
                {
                    return JobOutcome.Failed($"{Describe(clip)} came out unreadable ({e.Message}); no clip was made.");
                }
                if (clipProbe.DurationSeconds <= 0)
                    return JobOutcome.Failed($"{Describe(clip)} came out with no duration; no clip was made.");
                cut.Add((clip, made, clipProbe, size, await FileHashes.Sha256Async(file, cancellationToken)));
            }
            if (await tenants.ReserveForJobAsync(reservation, source.TenantId, cut.Sum(c => c.Size), cut.Count,
                    cut.Count == 1 ? "the clip" : $"the {cut.Count} clips", cancellationToken) is { } overQuota) return JobOutcome.Failed(overQuota);
            try
            {
                await uploader.StoreAllAsync(cut.Select(c => (KeyOf(c.Clip), c.File.Path)).ToList(),
                    i => context.ReportProgressAsync("storing", (float)(0.9 + 0.1 * i / cut.Count)), cancellationToken);
            }
            catch
            {
                await tenants.ReleaseReservationAsync(reservation, null, null, CancellationToken.None);
                throw;
            }
        }

        var recorded = cut.Select(c => new Clip(c.Clip.Id, assetId, c.Clip.HighlightId, c.Clip.Mode, c.File.Start, c.File.End,
            Clip.UrlOf(c.Clip.Id), c.Clip.Start, c.Clip.End)).ToList();
        return JobOutcome.Completed(new { clip_ids = planned.Select(p => p.Id), cut = recorded, already_existed = existing },
            async (connection, transaction, ct) =>
            {
                foreach (var (c, clip) in cut.Zip(recorded))
                {
                    var key = KeyOf(c.Clip);
                    if (!await clips.LockIfNewAsync(c.Clip.Key, connection, transaction, ct))
                    {
                        // Recorded by another job first: its file is the clip's; this one's is nobody's, and so is its quota.
                        await tenants.ReleaseAsync(source.TenantId, c.Size, 1, connection, transaction, ct);
                        await uploader.DeleteAsync([key]);
                        continue;
                    }
                    var asset = new Asset(clip.Id, $"{Path.GetFileNameWithoutExtension(source.Filename)}-{clip.Mode}-{clip.Start:0.###}-{clip.End:0.###}.mp4".Replace(',', '.'),
                        "video/mp4", c.Size, c.Sha256, key, AssetStatus.Uploaded, null, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, source.TenantId);
                    await assets.InsertAsync(asset, connection, transaction, ct);
                    await assets.SetProbedAsync(clip.Id, c.Probe, connection, transaction, ct);
                    await clips.InsertAsync(clip, c.Clip.Key, context.Job.Id, connection, transaction, ct);
                }
                // The clips' asset rows hold the space now.
                if (cut.Count > 0) await tenants.SettleAsync(reservation, ct, connection, transaction);
            }) with
        {
            // Each new clip is an asset like any other: its renditions come next.
            FollowUpsOfOtherAssets = recorded.Select(c => (c.Id, JobKinds.Renditions)).ToList(),
            // Taken over before the commit: the worker that holds the job now cuts and stores its own.
            Abandon = cut.Count == 0 ? null : async () =>
            {
                await tenants.ReleaseReservationAsync(reservation, null, null, CancellationToken.None);
                await uploader.DeleteAsync(cut.Select(c => KeyOf(c.Clip)));
            },
        };
    }

    private static string Describe(PlannedClip clip) =>
        string.Create(CultureInfo.InvariantCulture, $"The {clip.Mode} clip {clip.Start:0.###}–{clip.End:0.###} s");
}
