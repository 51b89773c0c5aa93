using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using MediaAspire.Api.ApiKeys;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MediaAspire.Api.RateLimits;

/// <summary>
/// Rate limits per API key with ASP.NET Core's rate limiter: a token bucket per key and per scope a request needs
/// (reads do not use up a key's uploads). Each request takes one token when it starts, so a Server-Sent Events stream
/// that lasts minutes is one request, and so is each part of a resumable upload. Over the limit: 429 with
/// <c>Retry-After</c> and a ProblemDetails body. Requests without a valid key are not limited here: they end in 401.
/// </summary>
internal static class KeyRateLimiting
{
    public static IServiceCollection AddKeyRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(PartitionFor);
            o.OnRejected = RejectAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> PartitionFor(HttpContext context)
    {
        if (context.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } keyId) return RateLimitPartition.GetNoLimiter("anonymous");
        var scope = ApiScopes.RequiredBy(context);
        var limit = context.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue.For(scope);
        return RateLimitPartition.GetTokenBucketLimiter($"{keyId}:{scope}", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = limit.TokensPerPeriod,
            ReplenishmentPeriod = limit.Period,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"This API key sent more '{ApiScopes.RequiredBy(context)}' requests than its rate limit allows; retry after {retryAfter} s.",
            },
        });
    }
}
