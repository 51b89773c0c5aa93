using System.Security.Claims;
using System.Text.Json;
using MediaAspire.Api.ApiKeys;
using MediaAspire.Api.Assets;
using MediaAspire.Api.Jobs;
using MediaAspire.Api.Uploads;
using MediaAspire.Api.Uploads.Bodies;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Json;
using MediaAspire.Platform.Storage;
using MediaAspire.Platform.Tenancy;
using MediaAspire.Platform.Verdicts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using static MediaAspire.Api.Errors.Problems;

namespace MediaAspire.Api.ClassifyVideo;

/// <param name="JobId">The classify job; null when <paramref name="Cached"/> (the verdict exists already).</param>
/// <param name="VerdictUrl">Where the verdict is read once the job completes (the job's result is the verdict too).</param>
public sealed record ClassifyAccepted(Guid AssetId, Guid? JobId, string? JobUrl, string? EventsUrl, string AssetUrl, string VerdictUrl, bool Cached)
{
    public static ClassifyAccepted From(ClassifyStart start) => new(
        start.Asset.Id, start.Job?.Id,
        start.Job is { } job ? $"/api/jobs/{job.Id}" : null,
        start.Job is { } followed ? $"/api/jobs/{followed.Id}/events" : null,
        $"/api/assets/{start.Asset.Id}", $"/api/assets/{start.Asset.Id}/verdict", start.Cached is not null);
}

/// <summary>
/// <c>/api/classify-video</c>: one verdict per video. The async form answers 202 with a job to follow (or 200
/// when the verdict exists); the sync form waits for it, for clips within its size and duration caps.
/// A body is the raw bytes, a multipart file, JSON <c>{"video_base64"}</c> or JSON <c>{"asset_id"}</c>.
/// </summary>
internal static class ClassifyVideoEndpoints
{
    private const string BodyForms =
        "The body is the video itself (any Content-Type but JSON or multipart; name it with Content-Disposition or ?filename=), " +
        "a multipart/form-data file part, JSON {\"video_base64\": \"…\", \"filename\": \"…\"} (the seed contract), or JSON {\"asset_id\": \"…\"} for a video already uploaded. " +
        "min_keyframes / max_keyframes bound the keyframes scored (the cost lever); a request with neither reuses a verdict the asset already has.";

    public static IEndpointRouteBuilder MapClassifyVideoEndpoints(this IEndpointRouteBuilder app)
    {
        var classify = app.MapGroup("/api/classify-video").WithTags("Classify video")
            .AddEndpointFilter<UploadRejectionFilter>()
            .DisableAntiforgery()
            // Caps are enforced while streaming (Uploads:MaxBytes, Classify:SyncMaxBytes), not by Kestrel's default 30 MB.
            .WithMetadata(new DisableRequestSizeLimitAttribute());

        classify.MapPost("/", ClassifyAsync).WithName("ClassifyVideo")
            .WithSummary("Classify a video in the background: 202 with the job (its result is the verdict), or 200 when the verdict exists")
            .WithDescription(BodyForms)
            .Produces<ClassifyAccepted>(StatusCodes.Status202Accepted)
            .Produces<ClassifyAccepted>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        classify.MapPost("/sync", ClassifySyncAsync).WithName("ClassifyVideoSync")
            .WithSummary("Classify a short clip and answer with its verdict (poster JPEG as poster_b64 with ?poster=true)")
            .WithDescription(BodyForms + " Clips over Classify:SyncMaxBytes or Classify:SyncMaxDurationSeconds are 413; undecodable ones 422. " +
                "If the verdict takes longer than Classify:SyncWait the answer is 202 with the job to follow.")
            .Produces<Verdict>(StatusCodes.Status200OK)
            .Produces<ClassifyAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<IResult> ClassifyAsync(
        HttpRequest request, ClaimsPrincipal user, ClassifyJobStarter starter, AssetIngestor ingestor, IOptions<UploadOptions> uploads,
        IOptions<ClassifyOptions> options, CancellationToken cancellationToken,
        [FromQuery(Name = "min_keyframes")] int? minKeyframes = null, [FromQuery(Name = "max_keyframes")] int? maxKeyframes = null)
    {
        if (Validate(minKeyframes, maxKeyframes, options.Value) is { } invalid) return invalid;
        var parameters = new ClassifyParameters(minKeyframes, maxKeyframes);
        return await UploadBodyReader.ReadAsync<IResult>(request, ingestor.MaxBytes, uploads.Value.MaxInlineBytes, acceptsAssetId: true, async body =>
        {
            if (await StartAsync(starter, body, parameters, null, user.Tenant(), cancellationToken) is not { } start) return AssetNotFound(body);
            var accepted = ClassifyAccepted.From(start);
            return start.Job is null ? TypedResults.Ok(accepted) : TypedResults.Accepted(accepted.JobUrl, accepted);
        }, cancellationToken);
    }

    private static async Task<IResult> ClassifySyncAsync(
        HttpRequest request, ClaimsPrincipal user, ClassifyJobStarter starter, JobCompletion completion, JobRepository jobs, AssetRemover remover,
        VerdictRepository verdicts, IObjectStore store, IOptions<UploadOptions> uploads, IOptions<ClassifyOptions> options,
        CancellationToken cancellationToken,
        [FromQuery(Name = "min_keyframes")] int? minKeyframes = null, [FromQuery(Name = "max_keyframes")] int? maxKeyframes = null,
        bool poster = false)
    {
        var settings = options.Value;
        var tenant = user.Tenant();
        if (Validate(minKeyframes, maxKeyframes, settings) is { } invalid) return invalid;
        var parameters = new ClassifyParameters(minKeyframes, maxKeyframes, settings.SyncMaxDurationSeconds);
        var start = await UploadBodyReader.ReadAsync(request, settings.SyncMaxBytes, uploads.Value.MaxInlineBytes, acceptsAssetId: true,
            body => StartAsync(starter, body, parameters, settings.SyncMaxBytes, tenant, cancellationToken), cancellationToken);
        if (start is null) return Problem(StatusCodes.Status404NotFound, "No such asset", "asset_id names no asset; upload the video instead.");
        if (start.Cached is { } cached) return await VerdictAsync(cached, poster, tenant, verdicts, store, cancellationToken);

        var job = await WaitAsync(completion, jobs, start.Job!.Id, tenant, settings.SyncWait, cancellationToken);
        switch (job)
        {
            case null:
                return Problem(StatusCodes.Status409Conflict, "Asset deleted", "The asset was deleted while it was being classified.");
            case { State: JobState.Completed, Result: { } result }:
                return await VerdictAsync(result.Deserialize<Verdict>(PlatformJson.Options)!, poster, tenant, verdicts, store, cancellationToken);
            case { State: JobState.Failed } when job.ResultText("code") == ClassifyFailure.TooLong:
                // Refused, so not kept: the caller did not ask to store a video this endpoint cannot take.
                if (start.NewAsset) await remover.DeleteAsync(start.Asset.Id, tenant, CancellationToken.None);
                return Problem(StatusCodes.Status413PayloadTooLarge, "Video too long", job.Error!);
            case { State: JobState.Failed }:
                return Problem(StatusCodes.Status422UnprocessableEntity, "The video could not be classified", job.Error ?? "The classify job failed.");
            case { State: JobState.Cancelled }:
                return Problem(StatusCodes.Status409Conflict, "Classification cancelled", $"Job {job.Id} was cancelled before it finished.");
            default:
                var accepted = ClassifyAccepted.From(start);
                return TypedResults.Accepted(accepted.JobUrl, accepted);
        }
    }

    /// <summary>Bytes that are not media at all are as unprocessable here as bytes that fail to decode: both 422.</summary>
    private static async Task<ClassifyStart?> StartAsync(
        ClassifyJobStarter starter, UploadBody body, ClassifyParameters parameters, long? maxBytes, TenantScope tenant, CancellationToken cancellationToken)
    {
        try
        {
            return await starter.StartAsync(body, parameters, maxBytes, tenant, cancellationToken);
        }
        catch (UploadRejectedException e) when (e.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            throw new UploadRejectedException(StatusCodes.Status422UnprocessableEntity, "Not a video we can read", e.Message);
        }
    }

    /// <summary>A client that hangs up no longer wants the verdict: its job is cancelled rather than left to use the worker.</summary>
    private static async Task<Job?> WaitAsync(JobCompletion completion, JobRepository jobs, Guid jobId, TenantScope tenant, TimeSpan wait,
        CancellationToken cancellationToken)
    {
        try
        {
            return await completion.WaitAsync(jobId, tenant, wait, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await jobs.RequestCancelAsync(jobId, tenant, CancellationToken.None);
            throw;
        }
    }

    private static async Task<IResult> VerdictAsync(Verdict verdict, bool withPoster, TenantScope tenant, VerdictRepository verdicts, IObjectStore store,
        CancellationToken cancellationToken)
    {
        if (!withPoster) return TypedResults.Ok(verdict);
        var body = JsonSerializer.SerializeToNode(verdict, PlatformJson.Options)!.AsObject();
        body["poster_b64"] = await verdicts.GetPosterKeyAsync(verdict.AssetId, verdict.Model, tenant, cancellationToken) is { } key
            ? Convert.ToBase64String(await ReadAllAsync(store, key, cancellationToken))
            : null;
        return TypedResults.Json(body, PlatformJson.Options);
    }

    private static async Task<byte[]> ReadAllAsync(IObjectStore store, string key, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(key, cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static ProblemHttpResult? Validate(int? minKeyframes, int? maxKeyframes, ClassifyOptions options)
    {
        var limit = options.MaxKeyframesLimit;
        if (minKeyframes is < 1 || minKeyframes > limit || maxKeyframes is < 1 || maxKeyframes > limit)
            return Problem(StatusCodes.Status400BadRequest, "Keyframe bounds out of range", $"min_keyframes and max_keyframes must be between 1 and {limit}.");
        if (minKeyframes > maxKeyframes)
            return Problem(StatusCodes.Status400BadRequest, "Keyframe bounds reversed", $"min_keyframes ({minKeyframes}) is above max_keyframes ({maxKeyframes}).");
        return null;
    }

    private static ProblemHttpResult AssetNotFound(UploadBody body) =>
        Problem(StatusCodes.Status404NotFound, "No such asset", $"asset_id {body.AssetId} names no asset; upload the video instead.");
}
