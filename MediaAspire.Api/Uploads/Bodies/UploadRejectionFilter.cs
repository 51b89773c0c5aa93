namespace MediaAspire.Api.Uploads.Bodies;

/// <summary>Turns a refused upload anywhere below an endpoint into its 4xx ProblemDetails, so handlers only say why.</summary>
internal sealed class UploadRejectionFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (UploadRejectedException e)
        {
            return TypedResults.Problem(statusCode: e.StatusCode, title: e.Title, detail: e.Message);
        }
    }
}
