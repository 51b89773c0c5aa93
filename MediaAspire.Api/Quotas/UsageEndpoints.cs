using System.Security.Claims;
using MediaAspire.Api.ApiKeys;
using MediaAspire.Platform.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MediaAspire.Api.Quotas;

/// <param name="UsedBytes">Bytes the tenant's assets hold, plus what its uploads in flight have reserved.</param>
/// <param name="MaxBytes">Its storage quota; null when unlimited.</param>
/// <param name="Assets">Its assets, plus its uploads in flight.</param>
/// <param name="MaxAssets">Its quota of assets; null when unlimited.</param>
public sealed record TenantUsage(string Tenant, long UsedBytes, long? MaxBytes, long Assets, long? MaxAssets)
{
    public static TenantUsage From(Tenant t) => new(t.Name, t.UsedBytes, t.MaxBytes, t.AssetCount, t.MaxAssets);
}

/// <param name="MaxBytes">Bytes of sources the tenant may hold; null lifts the quota.</param>
/// <param name="MaxAssets">Assets the tenant may hold; null lifts the quota.</param>
public sealed record SetQuotaRequest(long? MaxBytes, long? MaxAssets);

/// <summary><c>/api/usage</c>: a tenant's storage use against its quotas; the operator sets quotas per tenant.</summary>
internal static class UsageEndpoints
{
    public static IEndpointRouteBuilder MapUsageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/usage", GetAsync).WithName("GetUsage").WithTags("Usage")
            .WithSummary("The tenant's storage use and quotas (the operator may ask for any tenant with ?tenant=)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPut("/api/tenants/{tenant}/quota", SetAsync).WithName("SetTenantQuota").WithTags("Usage")
            .WithSummary("Set a tenant's quotas, bytes and assets; null is unlimited (the operator only)")
            .RequireAuthorization(ApiKeyAuthenticationHandler.OperatorPolicy)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<TenantUsage>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, TenantRepository tenants, CancellationToken cancellationToken, string? tenant = null)
    {
        // Another tenant's name is no one's business but the operator's: for others it is simply not found.
        var found = tenant is null || tenant == user.TenantNameOf()
            ? await tenants.GetAsync(user.Tenant().TenantId, cancellationToken)
            : user.IsOperator() ? await tenants.FindAsync(tenant, cancellationToken) : null;
        return found is null
            ? TypedResults.Problem(statusCode: 404, title: "No such tenant", detail: $"There is no tenant '{tenant}'.")
            : TypedResults.Ok(TenantUsage.From(found));
    }

    private static async Task<Results<Ok<TenantUsage>, ProblemHttpResult>> SetAsync(
        string tenant, SetQuotaRequest request, TenantRepository tenants, CancellationToken cancellationToken)
    {
        if (request.MaxBytes < 0 || request.MaxAssets < 0)
            return TypedResults.Problem(statusCode: 400, title: "Invalid quota", detail: "max_bytes and max_assets must be 0 or more, or null for unlimited.");
        return await tenants.SetQuotaAsync(tenant, request.MaxBytes, request.MaxAssets, cancellationToken) is { } updated
            ? TypedResults.Ok(TenantUsage.From(updated))
            : TypedResults.Problem(statusCode: 404, title: "No such tenant", detail: $"There is no tenant '{tenant}'; create a key for it first.");
    }
}
