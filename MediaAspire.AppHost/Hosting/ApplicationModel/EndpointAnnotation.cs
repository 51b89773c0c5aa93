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
