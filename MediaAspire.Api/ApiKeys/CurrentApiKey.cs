using System.Security.Claims;

namespace MediaAspire.Api.ApiKeys;

/// <summary>The key a request was made with, as its caller may see it: no secret.</summary>
/// <param name="Operator">True for the installation's bootstrap key, which reaches every tenant.</param>
public sealed record CurrentApiKey(Guid Id, string Name, string Tenant, IReadOnlyList<string> Scopes, bool Operator)
{
    public static CurrentApiKey Of(ClaimsPrincipal user) => new(
        Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!),
        user.FindFirstValue(ClaimTypes.Name) ?? "",
        user.TenantNameOf(),
        user.FindAll(ApiKeyClaims.Scope).Select(c => c.Value).ToList(),
        user.IsOperator());
}
