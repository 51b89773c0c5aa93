using System.Security.Claims;
using MediaAspire.Api.ApiKeys;
using MediaAspire.Api.Jobs;
using MediaAspire.Platform.Brands;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Storage;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using static MediaAspire.Api.Errors.Problems;

namespace MediaAspire.Api.Brands;

/// <summary>
/// <c>/api/brands</c>: the tenant's brands, each with its names and logo files. A logo is checked here from its bytes (PNG
/// or JPEG, a sensible size), then decoded, checked for enough detail to be recognised and described once by a worker's
/// logo job, which the request waits for. Reading needs the read scope, creating and deleting the write scope (the
/// fallback policy); another tenant's brand is 404.
/// </summary>
internal static class BrandEndpoints
{
    public static IEndpointRouteBuilder MapBrandEndpoints(this IEndpointRouteBuilder app)
    {
        var brands = app.MapGroup("/api/brands").WithTags("Brands");
        brands.MapPost("/", CreateAsync).WithName("CreateBrand")
            .WithSummary("Register a brand by name, with aliases (other spellings on screen) and the least score a detection needs")
            .Produces<Brand>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        brands.MapGet("/", ListAsync).WithName("ListBrands").WithSummary("The tenant's brands, oldest first, with their logos")
            .Produces<IReadOnlyList<Brand>>();
        brands.MapGet("/{id:guid}", GetAsync).WithName("GetBrand").WithSummary("A brand and its logos")
            .Produces<Brand>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        brands.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteBrand")
            .WithSummary("Delete a brand, its logos and its appearances in every asset's results")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        brands.MapPost("/{id:guid}/logos", AddLogoAsync).WithName("AddBrandLogo")
            .WithSummary("Add a logo file (multipart/form-data, part 'file': PNG or JPEG, with or without alpha); its features are computed now, once")
            .WithDescription("A worker decodes the logo and computes its features while the request waits. If that takes longer than " +
                "Brands:LogoWait (workers busy) the answer is 202 with the job to follow; the logo is added when the job completes.")
            .Accepts<IFormFile>("multipart/form-data")
            .DisableAntiforgery()
            .Produces<BrandLogo>(StatusCodes.Status201Created)
            .Produces<LogoAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<IResult> CreateAsync(CreateBrandRequest request, ClaimsPrincipal user, BrandRepository brands, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > CreateBrandRequest.MaxNameLength)
            return BadRequest("Invalid brand name", $"'name' must be 1 to {CreateBrandRequest.MaxNameLength} characters.");
        var aliases = (request.Aliases ?? []).Select(a => a?.Trim() ?? "").ToList();
        if (aliases.Count > CreateBrandRequest.MaxAliases || aliases.Any(a => a.Length == 0 || a.Length > CreateBrandRequest.MaxNameLength))
            return BadRequest("Invalid aliases", $"'aliases' may list up to {CreateBrandRequest.MaxAliases} names of 1 to {CreateBrandRequest.MaxNameLength} characters.");
        var minScore = request.MinScore ?? CreateBrandRequest.DefaultMinScore;
        if (!double.IsFinite(minScore) || minScore is < 0 or > 1)
            return BadRequest("Invalid min_score", "'min_score' must be between 0 and 1.");
        try
        {
            var brand = await brands.CreateAsync(name, aliases.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), minScore, user.Tenant(), cancellationToken);
            return TypedResults.Created($"/api/brands/{brand.Id}", brand);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return Problem(StatusCodes.Status409Conflict, "Brand exists", $"The tenant already has a brand named \"{name}\".");
        }
    }

    private static async Task<Ok<IReadOnlyList<Brand>>> ListAsync(ClaimsPrincipal user, BrandRepository brands, CancellationToken cancellationToken) =>
        TypedResults.Ok(await brands.ListAsync(user.Tenant(), cancellationToken));

    private static async Task<IResult> GetAsync(Guid id, ClaimsPrincipal user, BrandRepository brands, CancellationToken cancellationToken) =>
        await brands.GetAsync(id, user.Tenant(), cancellationToken) is { } brand ? TypedResults.Ok(brand) : NoBrand(id);

    private static async Task<IResult> DeleteAsync(Guid id, ClaimsPrincipal user, BrandRepository brands, CancellationToken cancellationToken) =>
        await brands.DeleteAsync(id, user.Tenant(), cancellationToken) ? TypedResults.NoContent() : NoBrand(id);

    private static async Task<IResult> AddLogoAsync(Guid id, HttpRequest request, ClaimsPrincipal user, BrandRepository brands, IObjectStore store,
        JobSubmitter submitter, JobCompletion completion, IOptions<BrandOptions> options, CancellationToken cancellationToken)
    {
        if (await brands.TenantOfAsync(id, user.Tenant(), cancellationToken) is not { } brandTenant) return NoBrand(id);
        if (!request.HasFormContentType)
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Not a form", "Send the logo as multipart/form-data with the file in a part named 'file'.");
        var form = await request.ReadFormAsync(cancellationToken);
        if (form.Files.GetFile("file") is not { } file)
            return BadRequest("No logo file", "The form has no part named 'file'.");
        if (file.Length > LogoFile.MaxBytes)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Logo too large", $"Logo files may be at most {LogoFile.MaxBytes / (1024 * 1024)} MB; this one is {file.Length} bytes.");
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream()) await stream.ReadExactlyAsync(bytes, cancellationToken);

        if (LogoFile.Sniff(bytes) is not { } header)
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Not a PNG or JPEG image",
                $"'{file.FileName}' is not a PNG or JPEG image (its first bytes say otherwise); logos must be PNG or JPEG files.");
        if (header.SizeProblem() is { } sizeProblem) return BadRequest("Unsuitable logo size", sizeProblem);

        var logoId = Guid.CreateVersion7();
        var parameters = new LogoJobParameters(id, logoId, string.IsNullOrWhiteSpace(file.FileName) ? null : Path.GetFileName(file.FileName),
            LogoJobParameters.UploadKeyOf(id, logoId));
        using (var content = new MemoryStream(bytes, writable: false)) await store.PutAsync(parameters.UploadKey, content, cancellationToken);
        var job = await submitter.SubmitAsync(null, JobKinds.Logo, parameters, cancellationToken, brandTenant);

        var finished = await completion.WaitAsync(job.Id, user.Tenant(), options.Value.LogoWait, cancellationToken);
        switch (finished)
        {
            case { State: JobState.Completed }:
                var brand = await brands.GetAsync(id, user.Tenant(), cancellationToken);
                return brand?.Logos.SingleOrDefault(l => l.Id == logoId) is { } added
                    ? TypedResults.Created($"/api/brands/{id}", added)
                    : Problem(StatusCodes.Status404NotFound, "No such brand", $"Brand {id} was deleted while its logo was being added.");
            case { State: JobState.Failed } when RejectionTitle(finished) is { } title:
                return BadRequest(title, finished.Error!);
            case { State: JobState.Failed or JobState.Cancelled }:
                return Problem(StatusCodes.Status422UnprocessableEntity, "The logo could not be added", finished.Error ?? $"Job {job.Id} did not finish.");
            default:
                return TypedResults.Accepted($"/api/jobs/{job.Id}", new LogoAccepted(job.Id, $"/api/jobs/{job.Id}", $"/api/jobs/{job.Id}/events", $"/api/brands/{id}"));
        }
    }

    private static string? RejectionTitle(Job job) =>
        job.ResultText("code") == LogoJobParameters.RejectedCode ? job.ResultText("title") : null;

    private static ProblemHttpResult NoBrand(Guid id) => Problem(StatusCodes.Status404NotFound, "No such brand", $"Brand {id} does not exist.");
}
