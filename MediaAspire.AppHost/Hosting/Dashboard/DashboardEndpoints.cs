using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MediaAspire.AppHost.Hosting;

/// <summary>The dashboard's page and its small JSON/SSE API.</summary>
internal static class DashboardEndpoints
{
    public static void Map(IEndpointRouteBuilder app, DistributedApplication application)
    {
        app.MapGet("/", () => Results.Stream(Page("index.html"), "text/html; charset=utf-8"));
        app.MapGet("/dashboard.js", () => Results.Stream(Page("dashboard.js"), "text/javascript; charset=utf-8"));
        app.MapGet("/dashboard.css", () => Results.Stream(Page("dashboard.css"), "text/css; charset=utf-8"));

        app.MapGet("/api/resources", () => Results.Json(application.Model.Instances.Select(Describe)));

        app.MapGet("/api/resources/{name}/logs", async (string name, string? filter, long? after, HttpContext context) =>
        {
            var instance = application.Model.Instances.SingleOrDefault(i => i.Name == name);
            if (instance is null) return Results.NotFound();
            context.Response.Headers.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            var lastEventId = long.TryParse(context.Request.Headers["Last-Event-ID"], out var id) ? id : after ?? 0;
            try
            {
                await foreach (var line in instance.Logs.FollowAsync(lastEventId, context.RequestAborted))
                {
                    if (!string.IsNullOrEmpty(filter) && !line.Text.Contains(filter, StringComparison.OrdinalIgnoreCase)) continue;
                    await context.Response.WriteAsync($"id: {line.Sequence}\ndata: {JsonSerializer.Serialize(new { at = line.At, text = line.Text })}\n\n", context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
            }
            return Results.Empty;
        });

        app.MapPost("/api/resources/{name}/{command}", async (string name, string command) =>
        {
            if (application.Model.Instances.All(i => i.Name != name)) return Results.NotFound();
            switch (command)
            {
                case "stop": await application.Orchestrator.StopInstanceAsync(name); break;
                case "start": application.Orchestrator.StartInstance(name); break;
                case "restart": await application.Orchestrator.RestartInstanceAsync(name); break;
                default: return Results.BadRequest(new { error = $"Unknown command '{command}': use stop, start or restart." });
            }
            return Results.Accepted();
        });

        app.MapGet("/api/platform", async (PlatformStatsClient stats, CancellationToken cancellationToken) =>
            await stats.GetAsync(cancellationToken) is { } body
                ? Results.Content(body, "application/json")
                : Results.Json(new { error = "The API is not answering yet." }, statusCode: StatusCodes.Status503ServiceUnavailable));
    }

    private static object Describe(ResourceInstance i) => new
    {
        name = i.Name,
        resource = i.Resource.Name,
        type = i.Resource.Type,
        state = i.State.ToString(),
        health = i.Health.ToString(),
        healthMessage = i.HealthMessage,
        pid = i.ProcessId,
        restarts = i.Restarts,
        startedAt = i.StartedAt,
        exitCode = i.ExitCode,
        urls = i.Urls,
    };

    private static Stream Page(string file) =>
        typeof(DashboardEndpoints).Assembly.GetManifestResourceStream($"dashboard/{file}")
        ?? throw new FileNotFoundException($"Dashboard asset {file} is not embedded.");
}
