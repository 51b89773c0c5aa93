namespace MediaAspire.AppHost.Hosting;

/// <summary>A Redis server; locally Debian's <c>redis-server</c>, in Kubernetes the <c>redis</c> image.</summary>
public sealed class RedisResource(string name, ParameterResource password) : Resource(name), IRunnableResource, IResourceWithConnectionString
{
    public const string Image = "docker.io/library/redis";
    public const string ImageTag = "7.4";

    public override string Type => "Redis";
    public ParameterResource Password { get; } = password;
    public EndpointAnnotation Endpoint => AnnotationsOf<EndpointAnnotation>().Single();

    public string ConnectionString() => $"127.0.0.1:{Endpoint.Port},password={Password.Value}";

    public IReadOnlyDictionary<string, string> ConnectionProperties() => new Dictionary<string, string>
    {
        ["HOST"] = "127.0.0.1",
        ["PORT"] = Endpoint.Port.ToString()!,
        ["PASSWORD"] = Password.Value,
        ["URI"] = $"redis://:{Uri.EscapeDataString(Password.Value)}@127.0.0.1:{Endpoint.Port}",
    };
}
