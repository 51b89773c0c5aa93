using System.Text.Json;

namespace MediaAspire.AppHost.Hosting;

/// <summary>Runs a project from its build output with the Aspire environment; healthy when its HTTP health check answers 2xx.</summary>
internal sealed class ProjectRunner(ProjectResource resource, Func<ResourceInstance, IDictionary<string, string?>> environment, HttpClient http)
    : IInstanceRunner
{
    public Task<ChildProcess> StartAsync(ResourceInstance instance, CancellationToken cancellationToken)
    {
        if (!File.Exists(resource.AssemblyPath))
            throw new FileNotFoundException($"{resource.Name} is not built: {resource.AssemblyPath} is missing (dotnet build the solution).");
        return Task.FromResult(ChildProcess.Start("dotnet", [resource.AssemblyPath], environment(instance),
            workingDirectory: Path.GetDirectoryName(resource.AssemblyPath), onOutput: instance.Logs.Append));
    }

    public async Task<HealthResult> CheckHealthAsync(ResourceInstance instance, CancellationToken cancellationToken)
    {
        var check = resource.AnnotationsOf<HttpHealthCheckAnnotation>().FirstOrDefault();
        if (check is null) return HealthResult.Healthy;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await http.GetAsync($"http://127.0.0.1:{instance.Port}{check.Path}", timeout.Token);
            if (response.IsSuccessStatusCode) return HealthResult.Healthy;
            return HealthResult.Unhealthy(FailingChecks(await response.Content.ReadAsStringAsync(cancellationToken))
                ?? $"{check.Path} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return HealthResult.Unhealthy($"{check.Path}: {e.Message}");
        }
    }

    /// <summary>The services' /health writes {"checks":{name:{status,description}}}: name the ones failing.</summary>
    private static string? FailingChecks(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var failing = document.RootElement.GetProperty("checks").EnumerateObject()
                .Where(c => c.Value.GetProperty("status").GetString() != "Healthy")
                .Select(c => $"{c.Name}: {c.Value.GetProperty("description").GetString()}")
                .ToList();
            return failing.Count > 0 ? string.Join("; ", failing) : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
