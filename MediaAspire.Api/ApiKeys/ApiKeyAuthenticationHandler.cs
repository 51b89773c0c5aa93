using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace MediaAspire.Api.ApiKeys;

/// <summary>Authenticates a request by the key in <c>X-Api-Key</c> or <c>Authorization: Bearer</c>.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRepository keys,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string AdminPolicy = "admin";
    public const string OperatorPolicy = "operator";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = PresentedKey();
        if (key is null) return AuthenticateResult.NoResult();

        var info = await keys.FindActiveAsync(key, Context.RequestAborted);
        if (info is null) return AuthenticateResult.Fail("The API key is not valid or has been revoked.");

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, info.Id.ToString()),
                new Claim(ClaimTypes.Name, info.Name),
                new Claim(ApiKeyClaims.TenantId, info.TenantId.ToString()),
                new Claim(ApiKeyClaims.TenantName, info.Tenant),
                new Claim(ApiKeyClaims.Operator, info.IsOperator ? "true" : "false"),
                .. info.Scopes.Select(s => new Claim(ApiKeyClaims.Scope, s)),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "API key required",
            PresentedKey() is null
                ? $"Send an API key in the {HeaderName} header or as 'Authorization: Bearer <key>'."
                : "The API key is not valid or has been revoked.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == OperatorPolicy) == true)
            return WriteProblemAsync(StatusCodes.Status403Forbidden, "Not allowed",
                "This operation is the installation operator's: it needs the bootstrap key (MEDIAASPIRE_ADMIN_KEY).");
        var scope = ApiScopes.RequiredBy(Context);
        return WriteProblemAsync(StatusCodes.Status403Forbidden, "Not allowed",
            $"This operation needs an API key with the '{scope}' scope (read: GET; write: upload, classify, cut, delete; admin: keys and backfills).");
    }

    private string? PresentedKey()
    {
        if (Request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrWhiteSpace(header))
            return header.ToString().Trim();
        var authorization = Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;
    }

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
            Response.Headers.WWWAuthenticate = "Bearer";
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
