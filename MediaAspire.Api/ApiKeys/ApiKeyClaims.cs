using System.Security.Claims;
using MediaAspire.Platform.Tenancy;

namespace MediaAspire.Api.ApiKeys;

/// <summary>What the authenticated key says about its caller: the tenant it acts in, its scopes, whether it is the operator's.</summary>
public static class ApiKeyClaims
{
    public const string TenantId = "mediaaspire:tenant_id";
    public const string TenantName = "mediaaspire:tenant";
    public const string Scope = "mediaaspire:scope";
    public const string Operator = "mediaaspire:operator";

    /// <summary>The rows the caller may reach: its tenant's, or every tenant's for the operator.</summary>
    public static TenantScope Tenant(this ClaimsPrincipal user)
    {
        var id = Guid.Parse(user.FindFirstValue(TenantId) ?? throw new InvalidOperationException("The request is not authenticated by an API key."));
        return new TenantScope(id, AllTenants: user.IsOperator());
    }

    public static string TenantNameOf(this ClaimsPrincipal user) => user.FindFirstValue(TenantName) ?? TenantScope.DefaultTenantName;

    public static bool IsOperator(this ClaimsPrincipal user) => user.HasClaim(Operator, "true");

    public static bool HasScope(this ClaimsPrincipal user, string scope) => user.HasClaim(Scope, scope);
}
