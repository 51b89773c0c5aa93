using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace MediaAspire.Hosting;

public static class StartupSummaryExtensions
{
    /// <summary>
    /// Once every resource is healthy, prints what a user needs next: each project's URL, the dashboard's login
    /// link and the admin key (the same lines <c>./run.sh</c> has always ended with).
    /// </summary>
    public static IDistributedApplicationBuilder AddStartupSummary(this IDistributedApplicationBuilder builder,
        IResourceBuilder<ParameterResource> adminKey)
    {
        if (builder.ExecutionContext.IsPublishMode) return builder;
        var started = DateTime.UtcNow;
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((e, ct) =>
        {
            _ = PrintWhenHealthyAsync(builder, e.Services, e.Model, adminKey.Resource, started, ct);
            return Task.CompletedTask;
        });
        return builder;
    }

    private static async Task PrintWhenHealthyAsync(IDistributedApplicationBuilder builder, IServiceProvider services,
        DistributedApplicationModel model, ParameterResource adminKey, DateTime started, CancellationToken cancellationToken)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        try
        {
            foreach (var resource in model.Resources.Where(r => r.TryGetAnnotationsOfType<HealthCheckAnnotation>(out _)))
                await notifications.WaitForResourceHealthyAsync(resource.Name, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var lines = new List<string> { "", $"MediaAspire is up (all resources healthy in {(DateTime.UtcNow - started).TotalSeconds:F1} s)." };
        foreach (var project in model.Resources.OfType<ProjectResource>())
            if (project.TryGetEndpoints(out var endpoints) && endpoints.FirstOrDefault(e => e.UriScheme == "http")?.AllocatedEndpoint is { } endpoint)
                lines.Add($"  {project.Name,-12} {endpoint.UriString}");
        // The dashboard's own resource knows where DCP put it (its port may be randomised); the configured URL otherwise.
        var dashboard = model.Resources.OfType<IResourceWithEndpoints>().FirstOrDefault(r => r.Name == "aspire-dashboard") is { } d
            && d.TryGetEndpoints(out var dashboardEndpoints)
            && dashboardEndpoints.FirstOrDefault(e => e.UriScheme == "http")?.AllocatedEndpoint is { } allocated
                ? allocated.UriString
                : (builder.Configuration["ASPNETCORE_URLS"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (dashboard is not null)
            lines.Add($"  {"dashboard",-12} {DashboardLink(dashboard, builder.Configuration["AppHost:BrowserToken"])}");
        lines.Add($"  {"admin key",-12} {await adminKey.GetValueAsync(cancellationToken)}");
        lines.Add("Press Ctrl+C to stop.");
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }

    // Without a token (anonymous access allowed) the dashboard needs no login.
    private static string DashboardLink(string url, string? token) =>
        string.IsNullOrEmpty(token) ? url : $"{url.TrimEnd('/')}/login?t={token}";
}
