namespace MediaAspire.AppHost.Hosting;

/// <summary>A network endpoint of a resource. <see cref="Port"/> null means "pick a free port at start".</summary>
public sealed class EndpointAnnotation(string name, string scheme, int? port)
{
    public string Name { get; } = name;
    public string Scheme { get; } = scheme;
    public int? Port { get; set; } = port;

    /// <summary>Target port inside a container (publish mode); run mode listens on <see cref="Port"/>.</summary>
    public int TargetPort { get; set; } = 8080;
}

/// <summary>An environment variable whose value is computed when the resource starts; a parameter's
/// value when <see cref="Parameter"/> is set (publishers then write a reference, not the secret).</summary>
public sealed class EnvironmentAnnotation(string name, Func<string> value, ParameterResource? parameter = null)
{
    public string Name { get; } = name;
    public Func<string> Value { get; } = value;
    public ParameterResource? Parameter { get; } = parameter;
}

/// <summary>The annotated resource uses <see cref="Target"/> (connection string or service discovery).</summary>
public sealed class ReferenceAnnotation(Resource target)
{
    public Resource Target { get; } = target;
}

/// <summary>Do not start the annotated resource before <see cref="Target"/> is running and healthy.</summary>
public sealed class WaitAnnotation(Resource target)
{
    public Resource Target { get; } = target;
}

/// <summary>Readiness is an HTTP GET of <see cref="Path"/> on the named endpoint answering 2xx.</summary>
public sealed class HttpHealthCheckAnnotation(string path, string endpointName)
{
    public string Path { get; } = path;
    public string EndpointName { get; } = endpointName;
}

public sealed class ReplicaAnnotation(int replicas)
{
    public int Replicas { get; } = replicas;
}
