namespace MediaAspire.Api.RateLimits;

/// <summary>One key's token bucket for the requests of one scope: <see cref="Burst"/> at once, refilled by
/// <see cref="TokensPerPeriod"/> every <see cref="Period"/>.</summary>
public sealed class ScopeRateLimit
{
    public int Burst { get; set; } = 100;
    public int TokensPerPeriod { get; set; } = 50;
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);
}
