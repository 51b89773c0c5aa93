namespace MediaAspire.AppHost.Hosting;

/// <summary>The environment of a published project: the same Aspire variables as in run mode, in the publisher's spelling.</summary>
internal static class PublishedEnvironment
{
    public static SortedDictionary<string, string> For(ProjectResource project, IDeploymentValues values)
    {
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES"] = "true",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES"] = "true",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory",
        };
        if (project.HttpEndpoint is { } http) environment["HTTP_PORTS"] = values.TargetPort(project, http);

        foreach (var reference in project.AnnotationsOf<ReferenceAnnotation>())
        {
            switch (reference.Target)
            {
                case IResourceWithConnectionString target:
                    environment[$"ConnectionStrings__{target.Name}"] = values.ConnectionString(target);
                    foreach (var (key, value) in values.ConnectionProperties(target))
                        environment[$"{ServiceEnvironment.EnvironmentName(target.Name)}_{key}"] = value;
                    break;
                case ProjectResource other:
                    foreach (var endpoint in other.AnnotationsOf<EndpointAnnotation>())
                    {
                        environment[$"services__{other.Name}__{endpoint.Name}__0"] = values.EndpointUrl(other, endpoint);
                        environment[$"{ServiceEnvironment.EnvironmentName(other.Name)}_{endpoint.Name.ToUpperInvariant()}"] = values.EndpointUrl(other, endpoint);
                    }
                    break;
            }
        }
        foreach (var variable in project.AnnotationsOf<EnvironmentAnnotation>())
        {
            environment[variable.Name] = variable.Parameter is { } parameter ? values.Parameter(parameter) : variable.Value();
        }
        return environment;
    }
}
