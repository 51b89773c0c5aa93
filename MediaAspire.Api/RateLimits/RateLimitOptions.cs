using MediaAspire.Api.ApiKeys;

namespace MediaAspire.Api.RateLimits;

/// <summary><c>RateLimits:Read</c>, <c>RateLimits:Write</c>, <c>RateLimits:Admin</c>: each key's bucket per scope a request needs.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public ScopeRateLimit Read { get; set; } = new();
    public ScopeRateLimit Write { get; set; } = new();
    public ScopeRateLimit Admin { get; set; } = new();

    public ScopeRateLimit For(string scope) => scope switch
    {
        ApiScopes.Read => Read,
        ApiScopes.Admin => Admin,
        _ => Write,
    };
}
