using Aspire.Hosting.ApplicationModel;

namespace MediaAspire.Hosting.LocalServices;

/// <summary>
/// PostgreSQL run from Debian's binaries as a host process (run mode without containers). Its connection string has
/// the shape of Aspire's <c>PostgresServerResource</c>, so a service referencing it cannot tell the difference.
/// </summary>
public sealed class HostPostgresServerResource(string name, string command, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory: "/"), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";
    public const string UserName = "postgres";

    private EndpointReference? _primaryEndpoint;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, EndpointName);
    public ParameterResource PasswordParameter { get; } = password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={PasswordParameter}");
}
