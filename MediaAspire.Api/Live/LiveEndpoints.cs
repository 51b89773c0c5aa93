using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using MediaAspire.Api.ApiKeys;
using MediaAspire.Api.Assets;
using MediaAspire.Platform.Live;
using MediaAspire.Platform.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using static MediaAspire.Api.Errors.Problems;

namespace MediaAspire.Api.Live;

internal static partial class LiveEndpoints
{
    private const int MaxNameLength = 200;

    public static IEndpointRouteBuilder MapLiveEndpoints(this IEndpointRouteBuilder app)
    {
        var live = app.MapGroup("/api/live").WithTags("Live");
        live.MapPost("/", CreateAsync).WithName("CreateLiveStream")
            .WithSummary("Create a live stream: its stream key and the RTMP ingest URL to push to (once), its HLS and events URLs")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        live.MapGet("/", ListAsync).WithName("ListLiveStreams").WithSummary("The tenant's live streams, newest first");
        live.MapGet("/{id:guid}", GetAsync).WithName("GetLiveStream")
            .WithSummary("A live stream's state (idle, live, ended), when it started, its recording's asset, and why it failed if it did");
        live.MapDelete("/{id:guid}", RevokeAsync).WithName("RevokeLiveStream")
            .WithSummary("Revoke the stream key: a publish with it is refused from now on, and a live session ends");
        live.MapGet("/{id:guid}/events", StreamEventsAsync).WithName("StreamLiveEvents")
            .WithSummary("Server-Sent Events of the live analysis: segment, cut, scores, brand, ended; times in media seconds from the stream's start (Last-Event-ID resumes)")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        live.MapGet("/{id:guid}/hls/{file}", GetHlsFileAsync).WithName("GetLiveHlsFile")
            .WithSummary("The live HLS: master.m3u8, index.m3u8 (grows while live) and its segments (by redirect where storage serves them)")
            .Produces(StatusCodes.Status200OK, contentType: "application/vnd.apple.mpegurl")
            .Produces(StatusCodes.Status302Found);
        app.MapLiveHooks();
        return app;
    }

    private static async Task<Results<Created<LiveStreamCreated>, ProblemHttpResult>> CreateAsync(
        CreateLiveStreamRequest request, ClaimsPrincipal user, LiveStreamRepository streams, IConfiguration configuration,
        IOptions<LiveOptions> options, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
            return BadRequest("Invalid name", $"'name' must be 1 to {MaxNameLength} characters.");
        var ingest = (options.Value.PublicIngestUrl ?? configuration[LiveOptions.IngestEndpointSetting])?.TrimEnd('/');
        if (string.IsNullOrEmpty(ingest))
            return Problem(StatusCodes.Status503ServiceUnavailable, "No RTMP ingest",
                "This deployment has no RTMP server (services__rtmp__rtmp__0 is not set), so a live stream could not be pushed to.");
        var stream = await streams.CreateAsync(name, user.Tenant(), cancellationToken);
        return TypedResults.Created($"/api/live/{stream.Id}", new LiveStreamCreated(stream.Id, stream.Name, stream.StreamKey,
            $"{ingest}/{LiveHookEndpoints.Application}/{stream.StreamKey}", LiveStreamResponse.HlsUrlOf(stream.Id), LiveStreamResponse.EventsUrlOf(stream.Id)));
    }

    private static async Task<Ok<IReadOnlyList<LiveStreamResponse>>> ListAsync(
        ClaimsPrincipal user, LiveStreamRepository streams, CancellationToken cancellationToken, int limit = 50) =>
        TypedResults.Ok<IReadOnlyList<LiveStreamResponse>>(
            [.. (await streams.ListAsync(user.Tenant(), Math.Clamp(limit, 1, 200), cancellationToken)).Select(LiveStreamResponse.From)]);

    private static async Task<Results<Ok<LiveStreamResponse>, NotFound>> GetAsync(
        Guid id, ClaimsPrincipal user, LiveStreamRepository streams, CancellationToken cancellationToken) =>
        await streams.GetAsync(id, user.Tenant(), cancellationToken) is { } stream ? TypedResults.Ok(LiveStreamResponse.From(stream)) : TypedResults.NotFound();

    private static async Task<Results<ServerSentEventsResult<JsonElement>, NotFound, ProblemHttpResult>> StreamEventsAsync(
        Guid id, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, ClaimsPrincipal user, LiveStreamRepository streams, LiveEventLog log,
        CancellationToken cancellationToken)
    {
        if (await streams.GetAsync(id, user.Tenant(), cancellationToken) is null) return TypedResults.NotFound();
        if (!string.IsNullOrEmpty(lastEventId) && !LiveEventLog.IsEventId(lastEventId))
            return BadRequest("Invalid Last-Event-ID", "Last-Event-ID must be the id of an event of this stream (as sent in its 'id:' line).");
        return TypedResults.ServerSentEvents(LiveEventStream.FollowAsync(id, string.IsNullOrEmpty(lastEventId) ? null : lastEventId, log, cancellationToken));
    }

    /// <remarks>Playlists are streamed through the API so their relative names resolve here; segments are served like renditions' (by redirect from a store that hands out URLs).</remarks>
    private static async Task<Results<RedirectHttpResult, FileStreamHttpResult, NotFound>> GetHlsFileAsync(
        Guid id, string file, ClaimsPrincipal user, LiveStreamRepository streams, IObjectStore store, CancellationToken cancellationToken)
    {
        if (!HlsFileName().IsMatch(file) || await streams.GetAsync(id, user.Tenant(), cancellationToken) is null) return TypedResults.NotFound();
        var segment = file.EndsWith(".ts", StringComparison.Ordinal);
        return await StoredObjectResults.ServeAsync(store, LiveStorage.HlsKey(id, file), segment ? "video/mp2t" : "application/vnd.apple.mpegurl",
            cancellationToken, redirect: segment);
    }

    /// <summary>Only names the recorder writes: nothing else under the prefix is reachable.</summary>
    [GeneratedRegex(@"^(master\.m3u8|index\.m3u8|seg_[0-9]{5,6}\.ts)$")]
    private static partial Regex HlsFileName();

    private static async Task<Results<Ok<LiveStreamResponse>, NotFound>> RevokeAsync(
        Guid id, ClaimsPrincipal user, LiveStreamRepository streams, LiveSignals signals, CancellationToken cancellationToken)
    {
        if (await streams.RevokeAsync(id, user.Tenant(), cancellationToken) is not { } stream) return TypedResults.NotFound();
        // A live session ends now: its recorder stops and stores what it has.
        if (stream.JobId is not null) await signals.PublishEndedAsync(stream.Id);
        return TypedResults.Ok(LiveStreamResponse.From(stream));
    }
}
