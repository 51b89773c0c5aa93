using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace MediaAspire.Api.Errors;

/// <summary>
/// A body that is not the JSON an endpoint binds (malformed, the wrong shape, a value of the wrong type) is the
/// client's error: 400 with a ProblemDetails saying where it went wrong, in every environment (minimal APIs throw
/// these in Development, which would otherwise end as a 500).
/// </summary>
internal sealed class BadRequestHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || context.Response.HasStarted) return false;
        context.Response.StatusCode = bad.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = "Invalid request",
                Detail = bad.InnerException is JsonException json
                    ? $"The body is not the JSON this endpoint takes (at {json.Path ?? "$"}, line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1})."
                    : bad.Message,
            },
        });
    }
}
