using System.Security.Claims;
using MediaAspire.Platform.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using static MediaAspire.Api.Errors.Problems;

namespace MediaAspire.Api.ApiKeys;

/// <param name="Tenant">The tenant the key acts in; the caller's own when omitted. Only the operator names another one
/// (naming a tenant that does not exist creates it).</param>
/// <param name="Scopes">read, write, admin; read and write when omitted.</param>
public sealed record CreateApiKeyRequest(string Name, string? Tenant = null, IReadOnlyList<string>? Scopes = null);

/// <param name="Key">The key itself: returned only in this response.</param>
public sealed record CreatedApiKey(Guid Id, string Name, string Tenant, IReadOnlyList<string> Scopes, string Key);

internal static class ApiKeyEndpoints
{
    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/keys")
            .WithTags("API keys")
            .RequireAuthorization(ApiKeyAuthenticationHandler.AdminPolicy);

        keys.MapPost("/", CreateAsync).WithName("CreateApiKey").WithSummary("Create an API key for a tenant with scopes (admin: its own tenant; the operator: any)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        keys.MapGet("/", ListAsync).WithName("ListApiKeys").WithSummary("List the tenant's API keys without their secrets (admin; the operator sees every tenant's)");
        keys.MapDelete("/{id:guid}", RevokeAsync).WithName("RevokeApiKey").WithSummary("Revoke an API key of the tenant (admin)");
        return app;
    }

    private static async Task<Results<Created<CreatedApiKey>, ProblemHttpResult>> CreateAsync(
        CreateApiKeyRequest request, ClaimsPrincipal user, ApiKeyRepository keys, TenantRepository tenants, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
            return Problem(400, "Invalid key name", "'name' must be 1 to 200 characters.");
        var scopes = request.Scopes ?? ApiScopes.Default;
        if (scopes.Count == 0 || scopes.Any(s => !ApiScopes.All.Contains(s)))
            return Problem(400, "Invalid scopes", $"'scopes' must list one or more of: {string.Join(", ", ApiScopes.All)}.");

        var tenantName = request.Tenant?.Trim() ?? user.TenantNameOf();
        if (!TenantRepository.IsValidName(tenantName))
            return Problem(400, "Invalid tenant", "'tenant' must be 1 to 63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
        if (!user.IsOperator() && tenantName != user.TenantNameOf())
            return Problem(403, "Not allowed", "An admin key manages only its own tenant's keys; the operator's key creates keys for other tenants.");

        var tenant = await tenants.FindOrCreateAsync(tenantName, cancellationToken);
        var key = ApiKeyRepository.NewKey();
        var info = await keys.CreateAsync(request.Name.Trim(), key, tenant.Id, scopes.Distinct().ToList(), cancellationToken);
        return TypedResults.Created($"/api/keys/{info.Id}", new CreatedApiKey(info.Id, info.Name, info.Tenant, info.Scopes, key));
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyInfo>>> ListAsync(ClaimsPrincipal user, ApiKeyRepository keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(user.Tenant(), cancellationToken));

    private static async Task<Results<NoContent, NotFound>> RevokeAsync(Guid id, ClaimsPrincipal user, ApiKeyRepository keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, user.Tenant(), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}
