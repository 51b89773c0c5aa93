using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MediaAspire.Api.OpenApi;

/// <summary>
/// The document's own description: a title, what each tag groups, and server URLs without the trailing slash that
/// makes generated clients write <c>//api/…</c> (Redocly's <c>no-server-trailing-slash</c>).
/// </summary>
internal sealed class ApiDescriptionTransformer : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Assets"] = "Uploaded videos and images: upload, list, read, delete; their renditions, verdict and poster.",
        ["Uploads"] = "Resumable uploads of large files: declare, send parts (in any order, again after a drop), complete.",
        ["Jobs"] = "Background work on assets (probe, renditions, classify, highlights, clips): state, progress as Server-Sent Events, cancel.",
        ["Classify video"] = "Classify a video's content in one call: in the background, or synchronously for short clips.",
        ["Highlights"] = "Find a recording's best moments from its audio, scene cuts, chat, channel events and transcript.",
        ["Clips"] = "Cut clips from highlights or ranges, ready to post (copy, precise, smart, vertical).",
        ["Brands"] = "A tenant's brands (names, aliases, logo files) and where they appear in its videos: logos by local features, names in on-screen text.",
        ["Backfill"] = "Classify every asset that has no verdict by the current model (admin).",
        ["API keys"] = "Keys per tenant with read, write and admin scopes (admin).",
        ["Usage"] = "A tenant's storage use and quotas.",
        ["Operations"] = "Job statistics for the people running the service.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "MediaAspire API";
        document.Info.Description = "Store, probe, render, classify and clip videos. Every operation needs an API key (X-Api-Key), "
            + "answers errors as ProblemDetails, and sees only its tenant's data.";
        foreach (var server in document.Servers ?? [])
            server.Url = server.Url?.TrimEnd('/');
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description)) tag.Description ??= description;
        return Task.CompletedTask;
    }
}
