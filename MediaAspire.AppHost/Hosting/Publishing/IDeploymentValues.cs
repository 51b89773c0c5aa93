namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// How a publisher spells the values a service's environment is made of: the Aspire manifest writes
/// expressions (<c>{mediadb.connectionString}</c>) for a deployment tool to resolve; the Kubernetes
/// publisher writes the resolved values with in-cluster DNS names.
/// </summary>
internal interface IDeploymentValues
{
    string ConnectionString(IResourceWithConnectionString resource);

    IReadOnlyDictionary<string, string> ConnectionProperties(IResourceWithConnectionString resource);

    string EndpointUrl(ProjectResource project, EndpointAnnotation endpoint);

    string Parameter(ParameterResource parameter);

    /// <summary>The port the container listens on (e.g. HTTP_PORTS).</summary>
    string TargetPort(ProjectResource project, EndpointAnnotation endpoint);
}
