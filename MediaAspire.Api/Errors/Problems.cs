using Microsoft.AspNetCore.Http.HttpResults;

namespace MediaAspire.Api.Errors;

/// <summary>
/// The ProblemDetails an endpoint answers with when it refuses a request: a status, a title and a sentence saying why.
/// Endpoints import it with <c>using static</c>.
/// </summary>
internal static class Problems
{
    public static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    public static ProblemHttpResult BadRequest(string title, string detail) => Problem(StatusCodes.Status400BadRequest, title, detail);
}
