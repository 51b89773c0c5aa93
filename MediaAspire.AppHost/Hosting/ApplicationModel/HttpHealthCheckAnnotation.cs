namespace MediaAspire.AppHost.Hosting;

/// <summary>Readiness is an HTTP GET of <see cref="Path"/> on the named endpoint answering 2xx.</summary>
public sealed class HttpHealthCheckAnnotation(string path, string endpointName)
{
    public string Path { get; } = path;
    public string EndpointName { get; } = endpointName;
}
