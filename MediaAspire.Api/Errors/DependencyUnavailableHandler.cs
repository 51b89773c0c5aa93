using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace MediaAspire.Api.Errors;

/// <summary>
/// PostgreSQL down or restarting (or Redis unreachable) is an outage, not a bug: the request is answered 503 with a
/// ProblemDetails body and <c>Retry-After</c>, while readiness (<c>/health</c>) reports the dependency unhealthy.
/// Nothing is cached across the outage: the next request after the server is back simply works.
/// </summary>
internal sealed class DependencyUnavailableHandler(IProblemDetailsService problemDetails, ILogger<DependencyUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (Unavailable(exception) is not { } dependency || context.Response.HasStarted) return false;
        logger.LogWarning("{Dependency} is unavailable: {Message}", dependency, exception.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = $"{dependency} is not reachable at the moment; nothing was changed. Retry shortly.",
            },
        });
    }

    /// <returns>The dependency an exception says is down, or null for any other error.</returns>
    private static string? Unavailable(Exception exception) => exception switch
    {
        // 57P01-57P03: the server is shutting down or starting; class 08: the connection failed.
        PostgresException p when p.SqlState.StartsWith("57P", StringComparison.Ordinal) || p.SqlState.StartsWith("08", StringComparison.Ordinal) => "PostgreSQL",
        NpgsqlException n when n.IsTransient || n.InnerException is SocketException or IOException or TimeoutException => "PostgreSQL",
        StackExchange.Redis.RedisConnectionException => "Redis",
        _ when exception.InnerException is { } inner => Unavailable(inner),
        _ => null,
    };
}
