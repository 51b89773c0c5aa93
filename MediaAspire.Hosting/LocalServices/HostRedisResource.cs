using Aspire.Hosting.ApplicationModel;

namespace MediaAspire.Hosting.LocalServices;

/// <summary>
/// Redis run from Debian's <c>redis-server</c> as a host process (run mode without containers). Its connection string
/// has the shape of Aspire's <c>RedisResource</c> (<c>host:port,password=…</c>).
/// </summary>
public sealed class HostRedisResource(string name, string command, ParameterResource password, string dataDirectory)
    : ExecutableResource(name, command, workingDirectory: dataDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    private EndpointReference? _primaryEndpoint;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, EndpointName);
    public ParameterResource PasswordParameter { get; } = password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");
}
