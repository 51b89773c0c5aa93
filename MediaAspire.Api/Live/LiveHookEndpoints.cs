using MediaAspire.Platform.Live;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MediaAspire.Api.Live;

/// <summary>
/// nginx-rtmp's HTTP callbacks (<c>on_publish</c>, <c>on_play</c>, <c>on_update</c>, <c>on_publish_done</c>): form POSTs
/// with the stream name (our stream key) and nginx's connection id; a 2xx admits, anything else refuses or drops the
/// connection. They are anonymous (nginx sends no API key): the stream key they carry is the credential.
/// </summary>
internal static class LiveHookEndpoints
{
    /// <summary>The nginx-rtmp application streams are pushed to: <c>rtmp://host:1935/live/&lt;key&gt;</c>.</summary>
    public const string Application = "live";

    public const string PublishPath = "/api/live/hooks/publish";
    public const string PlayPath = "/api/live/hooks/play";
    public const string UpdatePath = "/api/live/hooks/update";
    public const string PublishDonePath = "/api/live/hooks/publish_done";

    public static IEndpointRouteBuilder MapLiveHooks(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("").AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        hooks.MapPost(PublishPath, PublishAsync);
        hooks.MapPost(PlayPath, PlayAsync);
        hooks.MapPost(UpdatePath, UpdateAsync);
        hooks.MapPost(PublishDonePath, PublishDoneAsync);
        return app;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> PublishAsync(
        [FromForm] string name, [FromForm] string? clientid, [FromForm] string? app, LiveSessions sessions, CancellationToken cancellationToken)
    {
        if (app != Application) return Refused("Unknown application", $"Streams are pushed to /{Application}/<stream key>.");
        var refusal = await sessions.AdmitPublisherAsync(name, clientid ?? "", cancellationToken);
        return refusal is null ? TypedResults.NoContent() : Refused("Publish refused", refusal);
    }

    /// <summary>Only the worker's reader plays a stream (a viewer watches the HLS through the API): a key that may be published.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> PlayAsync(
        [FromForm] string name, LiveSessions sessions, CancellationToken cancellationToken) =>
        await sessions.ReaderJoinedAsync(name, cancellationToken) ? TypedResults.NoContent() : Refused("Play refused", "No such live stream.");

    /// <summary>Asked every few seconds while a publisher publishes: refusing drops it (its key was revoked).</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> UpdateAsync(
        [FromForm] string name, [FromForm] string? call, LiveStreamRepository streams, CancellationToken cancellationToken)
    {
        if (call != "update_publish") return TypedResults.NoContent();
        return await streams.GetByKeyAsync(name, cancellationToken) is { State: LiveState.Live, RevokedAt: null }
            ? TypedResults.NoContent()
            : Refused("Publish ended", "The stream is no longer live.");
    }

    private static async Task<NoContent> PublishDoneAsync(
        [FromForm] string name, [FromForm] string? clientid, LiveSessions sessions, CancellationToken cancellationToken)
    {
        await sessions.PublisherLeftAsync(name, clientid ?? "", cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Refused(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: title, detail: detail);
}
