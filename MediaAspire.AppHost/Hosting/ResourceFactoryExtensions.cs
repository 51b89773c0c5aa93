namespace MediaAspire.AppHost.Hosting;

/// <summary>The <c>Add…</c> methods of the app model, named as in Aspire's hosting integrations.</summary>
public static class ResourceFactoryExtensions
{
    /// <summary>A parameter from <c>Parameters:{name}</c>; a generated one is created once and kept in the state directory.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this DistributedApplicationBuilder builder, string name, bool secret = false, bool generate = false)
    {
        var configured = builder.Configuration[$"Parameters:{name}"];
        return builder.AddResource(new ParameterResource(name, () =>
            // Deployments get their own generated secrets, never the local run's.
            configured ?? (generate ? builder.State.Secret(builder.Options.IsPublishMode ? $"publish-{name}" : name)
                : throw new InvalidOperationException($"Parameter '{name}' is missing: set Parameters__{name}.")), secret, generate));
    }

    public static IResourceBuilder<PostgresServerResource> AddPostgres(this DistributedApplicationBuilder builder, string name)
    {
        var password = builder.AddParameter($"{name}-password", secret: true, generate: true);
        var server = builder.AddResource(new PostgresServerResource(name, password.Resource));
        server.Resource.Annotations.Add(new EndpointAnnotation("tcp", "tcp", builder.PortFor(name)) { TargetPort = 5432 });
        return server;
    }

    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> server, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Databases.Add(database);
        return server.ApplicationBuilder.AddResource(database);
    }

    public static IResourceBuilder<RedisResource> AddRedis(this DistributedApplicationBuilder builder, string name)
    {
        var password = builder.AddParameter($"{name}-password", secret: true, generate: true);
        var redis = builder.AddResource(new RedisResource(name, password.Resource));
        redis.Resource.Annotations.Add(new EndpointAnnotation("tcp", "tcp", builder.PortFor(name)) { TargetPort = 6379 });
        return redis;
    }

    public static IResourceBuilder<ObjectStorageResource> AddObjectStorage(this DistributedApplicationBuilder builder, string name)
    {
        var accessKey = builder.AddParameter($"{name}-access-key", secret: true, generate: true);
        var secretKey = builder.AddParameter($"{name}-secret-key", secret: true, generate: true);
        return builder.AddResource(new ObjectStorageResource(name, builder.State.Sub(name), accessKey.Resource, secretKey.Resource));
    }

    /// <summary>A project of this solution, by its resource name (its build output is recorded in the AppHost's metadata).</summary>
    public static IResourceBuilder<ProjectResource> AddProject(this DistributedApplicationBuilder builder, string name)
    {
        var project = builder.AddResource(new ProjectResource(name, ProjectPaths.Of(name)));
        return project.WithHttpEndpoint(builder.PortFor(name));
    }

    /// <summary>A fixed port from <c>Ports:{name}</c> (0 or absent: a free port at start).</summary>
    private static int? PortFor(this DistributedApplicationBuilder builder, string name) =>
        int.TryParse(builder.Configuration[$"Ports:{name}"], out var port) && port > 0 ? port : null;
}
