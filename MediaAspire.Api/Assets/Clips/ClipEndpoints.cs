using System.Security.Claims;
using MediaAspire.Api.ApiKeys;
using MediaAspire.Api.Assets.Highlights;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Captions;
using MediaAspire.Platform.Clips;
using MediaAspire.Platform.Highlights;
using MediaAspire.Platform.Jobs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using static MediaAspire.Api.Errors.Problems;

namespace MediaAspire.Api.Assets.Clips;

/// <summary>
/// <c>/api/assets/{id}/clips</c>: cut clips from a recording (one job, one download of the source, every clip) and list
/// them. A clip's id is derived from source, range, mode and options, so asking again for clips that exist answers them
/// (200) without a job, and a job that runs twice still makes each clip once.
/// </summary>
internal static class ClipEndpoints
{
    public static IEndpointRouteBuilder MapClipEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapAssetJobResource<ClipsRequest, ClipsAccepted, ClipList>("clips", "Clips",
            CutAsync, "CutClips", "Cut clips (highlight_ids, ranges or all_highlights) in copy, precise, smart or vertical mode: 202 with the job, or 200 when every clip exists",
            ListAsync, "ListClips", "The clips cut from the asset, in source order")
            .Produces<ClipList>(StatusCodes.Status200OK);
        return app;
    }

    private static async Task<IResult> CutAsync(Guid id, [FromBody] ClipsRequest request, ClaimsPrincipal user, AssetRepository assets,
        HighlightRepository highlights, ClipRepository clips, AssetTranscripts transcripts, JobSubmitter submitter, IOptions<HighlightOptions> options,
        CancellationToken cancellationToken)
    {
        var tenant = user.Tenant();
        return await AssetJobResource.StartAsync(id, tenant, assets, async (_, probe) =>
        {
            IReadOnlyList<PlannedClip> planned;
            try
            {
                var known = request.HighlightIds is not null || request.AllHighlights == true ? await highlights.ListAsync(id, tenant, cancellationToken) : [];
                // Vertical clips without captions_vtt burn in the transcript stored with the asset, if it has one.
                var stored = request is { Mode: ClipModes.Vertical, CaptionsVtt: null } ? await transcripts.FindAsync(id, cancellationToken) : null;
                planned = ClipPlanner.Plan(id, probe.DurationSeconds, probe.PrimaryVideo is not null, request, known, options.Value, stored);
            }
            catch (ClipRequestException e)
            {
                return BadRequest(e.Title, e.Message);
            }

            var ids = planned.Select(p => p.Id).ToList();
            var existing = await clips.GetManyAsync(ids, tenant, cancellationToken);
            if (existing.Count == planned.Count) return TypedResults.Ok(new ClipList(existing));
            var job = await submitter.SubmitAsync(id, JobKinds.Clips, new ClipJobParameters(planned), cancellationToken);
            return TypedResults.Accepted($"/api/jobs/{job.Id}",
                new ClipsAccepted(job.Id, $"/api/jobs/{job.Id}", $"/api/jobs/{job.Id}/events", ids, $"/api/assets/{id}/clips"));
        }, cancellationToken);
    }

    private static Task<IResult> ListAsync(Guid id, ClaimsPrincipal user, AssetRepository assets, ClipRepository clips, CancellationToken cancellationToken) =>
        AssetJobResource.ListAsync(id, user.Tenant(), assets,
            async () => new ClipList(await clips.ListForSourceAsync(id, user.Tenant(), cancellationToken)), cancellationToken);
}
