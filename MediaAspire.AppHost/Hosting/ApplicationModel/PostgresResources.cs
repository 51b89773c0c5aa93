namespace MediaAspire.AppHost.Hosting;

/// <summary>A PostgreSQL server; locally Debian's binaries, in Kubernetes the <c>postgres</c> image.</summary>
public sealed class PostgresServerResource(string name, ParameterResource password) : Resource(name), IRunnableResource
{
    public const string User = "postgres";
    public const string Image = "docker.io/library/postgres";
    public const string ImageTag = "17.6";

    public override string Type => "PostgreSQL";
    public ParameterResource Password { get; } = password;
    public List<PostgresDatabaseResource> Databases { get; } = [];

    public EndpointAnnotation Endpoint => AnnotationsOf<EndpointAnnotation>().Single();

    public string ConnectionString(string? database) =>
        $"Host=127.0.0.1;Port={Endpoint.Port};Username={User};Password={Password.Value}" + (database is null ? "" : $";Database={database}");
}

/// <summary>A database on a <see cref="PostgresServerResource"/>; created when the server is ready.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource server)
    : Resource(name), IResourceWithConnectionString, IResourceWithParent
{
    public override string Type => "PostgreSQL database";
    public string DatabaseName { get; } = databaseName;
    public PostgresServerResource Server { get; } = server;
    public Resource Parent => Server;

    public string ConnectionString() => Server.ConnectionString(DatabaseName);

    public IReadOnlyDictionary<string, string> ConnectionProperties() => new Dictionary<string, string>
    {
        ["HOST"] = "127.0.0.1",
        ["PORT"] = Server.Endpoint.Port.ToString()!,
        ["USERNAME"] = PostgresServerResource.User,
        ["PASSWORD"] = Server.Password.Value,
        ["DATABASENAME"] = DatabaseName,
        ["URI"] = $"postgresql://{PostgresServerResource.User}:{Uri.EscapeDataString(Server.Password.Value)}@127.0.0.1:{Server.Endpoint.Port}/{DatabaseName}",
    };
}
