using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MediaAspire.Api.OpenApi;

/// <summary>
/// The answers every keyed operation can give whatever it does, described once instead of on each endpoint: 401 without
/// a valid key, 403 when the key lacks the scope, 429 over the key's rate limit (with <c>Retry-After</c>), 503 while
/// PostgreSQL or Redis is unreachable; each a ProblemDetails body. SDK generators then type these errors too.
/// </summary>
internal sealed class CommonProblemsTransformer : IOpenApiOperationTransformer
{
    private static readonly (int Status, string Description)[] Problems =
    [
        (StatusCodes.Status401Unauthorized, "No API key, or one that is not valid (X-Api-Key or Authorization: Bearer)"),
        (StatusCodes.Status403Forbidden, "The key's scopes do not allow this operation"),
        (StatusCodes.Status429TooManyRequests, "The key's rate limit is used up; Retry-After says when to try again"),
        (StatusCodes.Status503ServiceUnavailable, "A backing service is unreachable; nothing was changed; Retry-After says when to try again"),
    ];

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any() || context.Document is not { } document)
            return Task.CompletedTask;
        operation.Responses ??= [];
        foreach (var (status, description) in Problems)
        {
            operation.Responses.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
                },
            });
        }
        return Task.CompletedTask;
    }
}
