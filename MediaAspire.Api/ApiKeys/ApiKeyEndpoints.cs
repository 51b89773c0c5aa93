using Microsoft.AspNetCore.Http.HttpResults;

namespace MediaAspire.Api.ApiKeys;

public sealed record CreateApiKeyRequest(string Name, bool IsAdmin = false);

/// <param name="Key">The key itself: returned only in this response.</param>
public sealed record CreatedApiKey(Guid Id, string Name, bool IsAdmin, string Key);

internal static class ApiKeyEndpoints
{
    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/keys")
            .WithTags("API keys")
            .RequireAuthorization(ApiKeyAuthenticationHandler.AdminPolicy);

        keys.MapPost("/", CreateAsync).WithSummary("Create an API key (admin)");
        keys.MapGet("/", ListAsync).WithSummary("List API keys without their secrets (admin)");
        keys.MapDelete("/{id:guid}", RevokeAsync).WithSummary("Revoke an API key (admin)");
        return app;
    }

    private static async Task<Results<Created<CreatedApiKey>, ProblemHttpResult>> CreateAsync(
        CreateApiKeyRequest request, ApiKeyRepository keys, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
            return TypedResults.Problem(statusCode: 400, title: "Invalid key name", detail: "'name' must be 1 to 200 characters.");
        var key = ApiKeyRepository.NewKey();
        var info = await keys.CreateAsync(request.Name.Trim(), key, request.IsAdmin, cancellationToken);
        return TypedResults.Created($"/api/keys/{info.Id}", new CreatedApiKey(info.Id, info.Name, info.IsAdmin, key));
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyInfo>>> ListAsync(ApiKeyRepository keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(cancellationToken));

    private static async Task<Results<NoContent, NotFound>> RevokeAsync(Guid id, ApiKeyRepository keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}
