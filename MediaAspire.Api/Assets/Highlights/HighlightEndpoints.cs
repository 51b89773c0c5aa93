using System.Security.Claims;
using MediaAspire.Api.ApiKeys;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Captions;
using MediaAspire.Platform.Highlights;
using MediaAspire.Platform.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using static MediaAspire.Api.Errors.Problems;

namespace MediaAspire.Api.Assets.Highlights;

/// <summary>
/// <c>/api/assets/{id}/highlights</c>: find a recording's best moments (a job) and list them. One detection per asset runs
/// at a time: a second request while one runs is 409 naming the running job. A transcript posted with an accepted
/// request is stored as the asset's (<see cref="AssetTranscripts"/>).
/// </summary>
internal static class HighlightEndpoints
{
    public static IEndpointRouteBuilder MapHighlightEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapAssetJobResource<HighlightRequest, HighlightsAccepted, HighlightList>("highlights", "Highlights",
            DetectAsync, "DetectHighlights", "Find the recording's best moments from its audio, its scene cuts (its stored scene analysis, else a scene pass beside the audio decode) and the chat, channel events and transcript posted (every field optional); 202 with the job",
            ListAsync, "ListHighlights", "The asset's highlights, best first, with the reasons they were picked and the clips cut from them");
        return app;
    }

    private static async Task<IResult> DetectAsync(Guid id, [FromBody] HighlightRequest? request, ClaimsPrincipal user, AssetRepository assets,
        JobRepository jobs, JobSubmitter submitter, AssetTranscripts transcripts, IOptions<HighlightOptions> options, CancellationToken cancellationToken)
    {
        request ??= new HighlightRequest();
        if (Validate(request, options.Value) is { } invalid) return invalid;
        return await AssetJobResource.StartAsync(id, user.Tenant(), assets, async (_, _) =>
        {
            try
            {
                var job = await submitter.SubmitAsync(id, JobKinds.Highlights, request, cancellationToken);
                // The asset's transcript from now on: vertical clips asked for without captions_vtt burn it in.
                if (!string.IsNullOrWhiteSpace(request.TranscriptVtt)) await transcripts.SaveAsync(id, request.TranscriptVtt, cancellationToken);
                return TypedResults.Accepted($"/api/jobs/{job.Id}",
                    new HighlightsAccepted(job.Id, $"/api/jobs/{job.Id}", $"/api/jobs/{job.Id}/events", $"/api/assets/{id}/highlights"));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                var running = (await jobs.ListForAssetAsync(id, user.Tenant(), cancellationToken)).LastOrDefault(j => j.Kind == JobKinds.Highlights && j.State is JobState.Pending or JobState.Running);
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Highlights already being found",
                    detail: $"A highlights detection for asset {id} is under way (job {running?.Id}); follow it at /api/jobs/{running?.Id} and ask again once it ends.");
            }
        }, cancellationToken);
    }

    private static Task<IResult> ListAsync(Guid id, ClaimsPrincipal user, AssetRepository assets, HighlightRepository highlights, CancellationToken cancellationToken) =>
        AssetJobResource.ListAsync(id, user.Tenant(), assets,
            async () => new HighlightList(await highlights.ListAsync(id, user.Tenant(), cancellationToken)), cancellationToken);

    private static ProblemHttpResult? Validate(HighlightRequest request, HighlightOptions options)
    {
        if (request.Top is { } top && (top < 1 || top > options.MaxTop))
            return BadRequest("top out of range", $"top must be between 1 and {options.MaxTop}.");
        if (request.Chat?.LagSeconds is { } lag && (double.IsNaN(lag) || lag < 0 || lag > options.MaxChatLagSeconds))
            return BadRequest("chat.lag_seconds out of range", $"chat.lag_seconds must be between 0 and {options.MaxChatLagSeconds}.");
        if (request.Chat?.Messages?.FirstOrDefault(m => !double.IsFinite(m.T) || m.T < 0) is { } message)
            return BadRequest("Bad chat message time", $"Every chat message needs a time t of 0 or more seconds; one has {message.T}.");
        if (request.Events?.FirstOrDefault(e => !double.IsFinite(e.T) || e.T < 0 || string.IsNullOrWhiteSpace(e.Type)) is { } channelEvent)
            return BadRequest("Bad channel event", $"Every event needs a type and a time t of 0 or more seconds; one has type \"{channelEvent.Type}\" at {channelEvent.T}.");
        if (!string.IsNullOrWhiteSpace(request.TranscriptVtt))
        {
            try
            {
                TimedText.Parse(request.TranscriptVtt);
            }
            catch (FormatException e)
            {
                return BadRequest("Unreadable transcript", e.Message);
            }
        }
        return null;
    }
}
