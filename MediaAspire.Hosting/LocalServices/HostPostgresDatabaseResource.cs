using Aspire.Hosting.ApplicationModel;

namespace MediaAspire.Hosting.LocalServices;

/// <summary>A database on a <see cref="HostPostgresServerResource"/>; its state follows the server's (Aspire does that
/// for every <see cref="IResourceWithParent"/>) and its health check passes once the database exists.</summary>
public sealed class HostPostgresDatabaseResource(string name, string databaseName, HostPostgresServerResource parent)
    : Resource(name), IResourceWithParent<HostPostgresServerResource>, IResourceWithConnectionString
{
    public HostPostgresServerResource Parent { get; } = parent;
    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
