using System.Security.Claims;
using MediaAspire.Api.ApiKeys;
using MediaAspire.Api.Assets;
using MediaAspire.Api.Uploads.Bodies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MediaAspire.Api.Uploads;

internal static class UploadEndpoints
{
    public static IEndpointRouteBuilder MapUploadEndpoints(this IEndpointRouteBuilder app)
    {
        var uploads = app.MapGroup("/api/uploads").WithTags("Uploads").AddEndpointFilter<UploadRejectionFilter>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        uploads.MapPost("/", InitiateAsync).WithName("InitiateUpload")
            .WithSummary("Start a resumable upload: declare the file's name, size and SHA-256; then PUT its parts")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        uploads.MapGet("/{id:guid}", GetAsync).WithName("GetUpload")
            .WithSummary("Resume status: which parts the server holds, and until when");
        uploads.MapPut("/{id:guid}/parts/{number:int}", PutPartAsync).WithName("PutUploadPart")
            .WithSummary("Send part {number} (1-based) as the raw request body; sending a part again replaces it")
            .Accepts<Stream>("application/octet-stream")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute())
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        uploads.MapPost("/{id:guid}/complete", CompleteAsync).WithName("CompleteUpload")
            .WithSummary("Join the parts into an asset; checks size, SHA-256 and that the bytes are media, then queues its probe")
            .Produces<UploadAccepted>(StatusCodes.Status202Accepted)
            .Produces<UploadAccepted>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        uploads.MapDelete("/{id:guid}", AbortAsync).WithName("AbortUpload").WithSummary("Abandon an upload and delete its parts");
        return app;
    }

    private static async Task<Created<UploadStatus>> InitiateAsync(
        InitiateUpload request, ClaimsPrincipal user, ResumableUploadService service, IOptions<UploadOptions> options, CancellationToken cancellationToken)
    {
        var upload = await service.InitiateAsync(request, user.Tenant(), cancellationToken);
        var status = Status(upload, [], options.Value);
        return TypedResults.Created(status.Url, status);
    }

    private static async Task<Ok<UploadStatus>> GetAsync(
        Guid id, ClaimsPrincipal user, UploadRepository uploads, IOptions<UploadOptions> options, CancellationToken cancellationToken)
    {
        var tenant = user.Tenant();
        var upload = await uploads.GetAsync(id, tenant, cancellationToken)
            ?? throw new UploadRejectedException(StatusCodes.Status404NotFound, "No such upload", $"Upload {id} does not exist or has expired.");
        var parts = await uploads.ListPartsAsync(id, tenant, cancellationToken);
        return TypedResults.Ok(Status(upload, parts.Select(p => p.Part).ToList(), options.Value));
    }

    private static async Task<Ok<UploadPart>> PutPartAsync(
        Guid id, int number, HttpRequest request, ClaimsPrincipal user, ResumableUploadService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.PutPartAsync(id, user.Tenant(), number, request.Body, cancellationToken));

    private static async Task<IResult> CompleteAsync(Guid id, ClaimsPrincipal user, ResumableUploadService service, CancellationToken cancellationToken) =>
        UploadAccepted.Result(await service.CompleteAsync(id, user.Tenant(), cancellationToken));

    private static async Task<Results<NoContent, NotFound>> AbortAsync(Guid id, ClaimsPrincipal user, ResumableUploadService service,
        CancellationToken cancellationToken) =>
        await service.AbortAsync(id, user.Tenant(), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static UploadStatus Status(ResumableUpload upload, IReadOnlyList<UploadPart> parts, UploadOptions options) =>
        new(upload.Id, upload.Filename, upload.SizeBytes, upload.Sha256, upload.State, parts.Sum(p => p.SizeBytes),
            options.MaxPartBytes, parts, upload.AssetId, upload.ExpiresAt, $"/api/uploads/{upload.Id}");
}
