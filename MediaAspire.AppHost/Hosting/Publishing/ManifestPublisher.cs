using System.Text.Json;
using System.Text.Json.Nodes;

namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// Writes the Aspire manifest (schema aspire-8.0) that Aspirate and azd deploy from: containers for
/// PostgreSQL, Redis and MinIO (not executables, which Aspirate cannot deploy), the database as a
/// value, generated secrets as parameters, and the projects with their environment as expressions.
/// </summary>
internal sealed class ManifestPublisher(DistributedApplicationModel model) : IDeploymentValues
{
    public const string Schema = "https://json.schemastore.org/aspire-8.0.json";

    public void Publish(string outputPath)
    {
        var resources = new JsonObject();
        foreach (var resource in model.Resources)
        {
            resources[resource.Name] = resource switch
            {
                ParameterResource parameter => ParameterEntry(parameter),
                PostgresServerResource postgres => PostgresEntry(postgres),
                PostgresDatabaseResource database => new JsonObject
                {
                    ["type"] = "value.v0",
                    ["connectionString"] = $"{{{database.Server.Name}.connectionString}};Database={database.DatabaseName}",
                },
                RedisResource redis => RedisEntry(redis),
                ObjectStorageResource storage => StorageEntry(storage),
                ProjectResource project => ProjectEntry(project, Path.GetDirectoryName(Path.GetFullPath(outputPath))!),
                _ => throw new NotSupportedException($"{resource} has no manifest form."),
            };
        }
        var manifest = new JsonObject { ["$schema"] = Schema, ["resources"] = resources };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        File.WriteAllText(outputPath, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    public string ConnectionString(IResourceWithConnectionString resource) => $"{{{resource.Name}.connectionString}}";

    public IReadOnlyDictionary<string, string> ConnectionProperties(IResourceWithConnectionString resource) => resource switch
    {
        PostgresDatabaseResource db => new Dictionary<string, string>
        {
            ["HOST"] = $"{{{db.Server.Name}.bindings.tcp.host}}",
            ["PORT"] = $"{{{db.Server.Name}.bindings.tcp.port}}",
            ["USERNAME"] = PostgresServerResource.User,
            ["PASSWORD"] = $"{{{db.Server.Password.Name}.value}}",
            ["DATABASENAME"] = db.DatabaseName,
        },
        RedisResource redis => new Dictionary<string, string>
        {
            ["HOST"] = $"{{{redis.Name}.bindings.tcp.host}}",
            ["PORT"] = $"{{{redis.Name}.bindings.tcp.port}}",
            ["PASSWORD"] = $"{{{redis.Password.Name}.value}}",
        },
        _ => new Dictionary<string, string>(),
    };

    public string EndpointUrl(ProjectResource project, EndpointAnnotation endpoint) => $"{{{project.Name}.bindings.{endpoint.Name}.url}}";

    public string Parameter(ParameterResource parameter) => $"{{{parameter.Name}.value}}";

    public string TargetPort(ProjectResource project, EndpointAnnotation endpoint) => $"{{{project.Name}.bindings.{endpoint.Name}.targetPort}}";

    private static JsonObject ParameterEntry(ParameterResource parameter)
    {
        var input = new JsonObject { ["type"] = "string", ["secret"] = parameter.Secret };
        if (parameter.Generated) input["default"] = new JsonObject { ["generate"] = new JsonObject { ["minLength"] = 22, ["special"] = false } };
        return new JsonObject
        {
            ["type"] = "parameter.v0",
            ["value"] = $"{{{parameter.Name}.inputs.value}}",
            ["inputs"] = new JsonObject { ["value"] = input },
        };
    }

    private static JsonObject PostgresEntry(PostgresServerResource postgres) => Container(
        postgres,
        $"Host={{{postgres.Name}.bindings.tcp.host}};Port={{{postgres.Name}.bindings.tcp.port}};Username={PostgresServerResource.User};Password={{{postgres.Password.Name}.value}}",
        $"{PostgresServerResource.Image}:{PostgresServerResource.ImageTag}",
        new JsonObject
        {
            ["POSTGRES_HOST_AUTH_METHOD"] = "scram-sha-256",
            ["POSTGRES_INITDB_ARGS"] = "--auth-host=scram-sha-256 --auth-local=scram-sha-256",
            ["POSTGRES_USER"] = PostgresServerResource.User,
            ["POSTGRES_PASSWORD"] = $"{{{postgres.Password.Name}.value}}",
        },
        ("tcp", "tcp", 5432),
        "/var/lib/postgresql/data");

    private static JsonObject RedisEntry(RedisResource redis)
    {
        var entry = Container(
            redis,
            $"{{{redis.Name}.bindings.tcp.host}}:{{{redis.Name}.bindings.tcp.port}},password={{{redis.Password.Name}.value}}",
            $"{RedisResource.Image}:{RedisResource.ImageTag}",
            new JsonObject { ["REDIS_PASSWORD"] = $"{{{redis.Password.Name}.value}}" },
            ("tcp", "tcp", 6379),
            "/data");
        entry["entrypoint"] = "/bin/sh";
        entry["args"] = new JsonArray("-c", "redis-server --requirepass $REDIS_PASSWORD --appendonly yes");
        return entry;
    }

    private static JsonObject StorageEntry(ObjectStorageResource storage)
    {
        var entry = Container(
            storage,
            $"Endpoint=http://{{{storage.Name}.bindings.http.host}}:{{{storage.Name}.bindings.http.port}};AccessKey={{{storage.AccessKey.Name}.value}};SecretKey={{{storage.SecretKey.Name}.value}};Bucket={ObjectStorageResource.Bucket}",
            $"{ObjectStorageResource.Image}:{ObjectStorageResource.ImageTag}",
            new JsonObject
            {
                ["MINIO_ROOT_USER"] = $"{{{storage.AccessKey.Name}.value}}",
                ["MINIO_ROOT_PASSWORD"] = $"{{{storage.SecretKey.Name}.value}}",
            },
            ("http", "http", 9000),
            "/data");
        entry["args"] = new JsonArray("server", "/data");
        return entry;
    }

    private static JsonObject Container(Resource resource, string connectionString, string image, JsonObject env,
        (string Name, string Scheme, int TargetPort) binding, string volumeTarget) => new()
    {
        ["type"] = "container.v0",
        ["connectionString"] = connectionString,
        ["image"] = image,
        ["volumes"] = new JsonArray(new JsonObject { ["name"] = $"mediaaspire-{resource.Name}-data", ["target"] = volumeTarget, ["readOnly"] = false }),
        ["env"] = env,
        ["bindings"] = new JsonObject
        {
            [binding.Name] = new JsonObject
            {
                ["scheme"] = binding.Scheme,
                ["protocol"] = "tcp",
                ["transport"] = binding.Scheme,
                ["targetPort"] = binding.TargetPort,
            },
        },
    };

    private JsonObject ProjectEntry(ProjectResource project, string manifestDirectory)
    {
        var env = new JsonObject();
        foreach (var (key, value) in PublishedEnvironment.For(project, this)) env[key] = value;
        var bindings = new JsonObject();
        foreach (var endpoint in project.AnnotationsOf<EndpointAnnotation>())
            bindings[endpoint.Name] = new JsonObject { ["scheme"] = endpoint.Scheme, ["protocol"] = "tcp", ["transport"] = "http" };
        return new JsonObject
        {
            ["type"] = "project.v0",
            ["path"] = Path.GetRelativePath(manifestDirectory, ProjectPaths.ProjectFileOf(project.Name)).Replace('\\', '/'),
            ["env"] = env,
            ["bindings"] = bindings,
        };
    }
}
