namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// The environment a project instance is started with: exactly the variables Aspire injects, so the
/// services cannot tell this AppHost from Aspire's (or from Kubernetes, which gets the same names).
/// </summary>
internal sealed class ServiceEnvironment(DistributedApplicationModel model, DistributedApplicationOptions options)
{
    public Dictionary<string, string?> For(ResourceInstance instance)
    {
        var resource = (ProjectResource)instance.Resource;
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://localhost:{instance.Port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
            ["OTEL_SERVICE_NAME"] = resource.Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={instance.Name}",
        };
        if (!string.IsNullOrEmpty(options.OtlpEndpoint)) environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = options.OtlpEndpoint;

        foreach (var reference in resource.AnnotationsOf<ReferenceAnnotation>())
        {
            switch (reference.Target)
            {
                case IResourceWithConnectionString target:
                    environment[$"ConnectionStrings__{target.Name}"] = target.ConnectionString();
                    foreach (var (key, value) in target.ConnectionProperties())
                        environment[$"{EnvironmentName(target.Name)}_{key}"] = value;
                    break;
                case ProjectResource project:
                    foreach (var (endpoint, urls) in model.EndpointUrls(project))
                    {
                        for (var i = 0; i < urls.Count; i++) environment[$"services__{project.Name}__{endpoint}__{i}"] = urls[i];
                        environment[$"{EnvironmentName(project.Name)}_{endpoint.ToUpperInvariant()}"] = urls[0];
                    }
                    break;
                default:
                    throw new InvalidOperationException($"{resource} references {reference.Target}, which offers neither a connection string nor endpoints.");
            }
        }
        foreach (var variable in resource.AnnotationsOf<EnvironmentAnnotation>()) environment[variable.Name] = variable.Value();
        return environment;
    }

    /// <summary>Aspire's rule for connection-property variable names: upper case, '-' to '_'.</summary>
    public static string EnvironmentName(string resourceName) => resourceName.ToUpperInvariant().Replace('-', '_');
}
