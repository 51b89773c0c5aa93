using System.Text;
using k8s;
using k8s.Models;

namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// Writes a kustomize base (built from KubernetesClient's typed models) and two overlays:
/// <c>gpu</c> (workers on GPU nodes with the CUDA image) and <c>autoscale</c> (KEDA scales workers on
/// the Redis stream). Values are resolved with in-cluster DNS names; anything that embeds a secret goes
/// to a Secret, never a ConfigMap. Generated secrets are kept in the state directory, so publishing
/// again produces the same output.
/// </summary>
internal sealed class KubernetesPublisher(DistributedApplicationModel model, KubernetesPublishOptions options) : IDeploymentValues
{
    public const string ParametersSecret = "mediaaspire-parameters";
    private const int HttpPort = 8080;

    public void Publish(string outputDirectory)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var baseResources = new List<string> { "parameters-secret.yaml" };
        files["base/parameters-secret.yaml"] = Yaml(ParameterSecret());
        foreach (var resource in model.Resources)
        {
            var documents = resource switch
            {
                PostgresServerResource postgres => KubernetesWorkloads.Postgres(postgres),
                RedisResource redis => KubernetesWorkloads.Redis(redis),
                ObjectStorageResource storage => KubernetesWorkloads.Storage(storage),
                ProjectResource project => Project(project),
                _ => null,
            };
            if (documents is null) continue;
            files[$"base/{resource.Name}.yaml"] = Yaml(documents);
            baseResources.Add($"{resource.Name}.yaml");
        }
        files["base/kustomization.yaml"] = Yaml(new Kustomization
        {
            Labels = [new Kustomization.LabelSet { Pairs = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "mediaaspire" } }],
            Resources = baseResources,
        });
        foreach (var (path, content) in KubernetesOverlays.Gpu(model, this)) files[path] = content;
        foreach (var (path, content) in KubernetesOverlays.Autoscale(model)) files[path] = content;

        foreach (var (path, content) in files)
        {
            var full = Path.Combine(outputDirectory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
    }

    public string ConnectionString(IResourceWithConnectionString resource) => resource switch
    {
        PostgresDatabaseResource db => $"Host={db.Server.Name};Port=5432;Username={PostgresServerResource.User};Password={db.Server.Password.Value};Database={db.DatabaseName}",
        RedisResource redis => $"{redis.Name}:6379,password={redis.Password.Value}",
        ObjectStorageResource storage => $"Endpoint=http://{storage.Name}:9000;AccessKey={storage.AccessKey.Value};SecretKey={storage.SecretKey.Value};Bucket={ObjectStorageResource.Bucket}",
        _ => throw new NotSupportedException($"{resource.Name} has no Kubernetes connection string."),
    };

    public IReadOnlyDictionary<string, string> ConnectionProperties(IResourceWithConnectionString resource) => resource switch
    {
        PostgresDatabaseResource db => new Dictionary<string, string>
        {
            ["HOST"] = db.Server.Name,
            ["PORT"] = "5432",
            ["USERNAME"] = PostgresServerResource.User,
            ["PASSWORD"] = db.Server.Password.Value,
            ["DATABASENAME"] = db.DatabaseName,
        },
        RedisResource redis => new Dictionary<string, string> { ["HOST"] = redis.Name, ["PORT"] = "6379", ["PASSWORD"] = redis.Password.Value },
        _ => new Dictionary<string, string>(),
    };

    public string EndpointUrl(ProjectResource project, EndpointAnnotation endpoint) => $"{endpoint.Scheme}://{project.Name}:{HttpPort}";

    public string Parameter(ParameterResource parameter) => parameter.Value;

    public string TargetPort(ProjectResource project, EndpointAnnotation endpoint) => HttpPort.ToString();

    internal string ImageName(ProjectResource project) => $"{options.Registry}/mediaaspire-{project.Name}";

    internal string ImageTag => options.Tag;

    internal string Image(ProjectResource project) => $"{ImageName(project)}:{ImageTag}";

    /// <summary>Requests and limits for a project that declares none.</summary>
    private static readonly ComputeResourcesAnnotation DefaultCompute = new("100m", "128Mi", "1", "512Mi");

    private V1Secret ParameterSecret() => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = ParametersSecret },
        Type = "Opaque",
        StringData = model.Resources.OfType<ParameterResource>().Where(p => p.Secret)
            .ToDictionary(p => p.Name, p => p.Value),
    };

    /// <summary>Deployment + Service + the env split in a ConfigMap (plain values) and a Secret (anything holding a secret).</summary>
    private object[] Project(ProjectResource project)
    {
        var secrets = model.Resources.OfType<ParameterResource>().Where(p => p.Secret).Select(p => p.Value).ToList();
        var environment = PublishedEnvironment.For(project, this);
        var secret = environment.Where(e => secrets.Any(s => e.Value.Contains(s, StringComparison.Ordinal))).ToDictionary();
        var plain = environment.Where(e => !secret.ContainsKey(e.Key)).ToDictionary();
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = project.Name };

        var container = new V1Container
        {
            Name = project.Name,
            Image = Image(project),
            Ports = [new V1ContainerPort { ContainerPort = HttpPort, Name = "http" }],
            EnvFrom =
            [
                new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = $"{project.Name}-env" } },
                new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = $"{project.Name}-secrets" } },
            ],
            Env = [new V1EnvVar { Name = "OTEL_SERVICE_NAME", Value = project.Name },
                   new V1EnvVar { Name = "POD_NAME", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
                   new V1EnvVar { Name = "OTEL_RESOURCE_ATTRIBUTES", Value = "service.instance.id=$(POD_NAME)" }],
            ReadinessProbe = HttpProbe(project.AnnotationsOf<HttpHealthCheckAnnotation>().FirstOrDefault()?.Path ?? "/health", 5),
            // /alive is the ServiceDefaults liveness endpoint: the process only, never its dependencies.
            LivenessProbe = HttpProbe("/alive", 20),
            Resources = KubernetesWorkloads.RequestsAndLimits(project.AnnotationsOf<ComputeResourcesAnnotation>().LastOrDefault() ?? DefaultCompute),
            VolumeMounts = [new V1VolumeMount { MountPath = "/tmp", Name = "scratch" }],
            SecurityContext = new V1SecurityContext { RunAsNonRoot = true, AllowPrivilegeEscalation = false },
        };
        var deployment = new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = project.Name, Labels = labels },
            Spec = new V1DeploymentSpec
            {
                Replicas = project.Replicas,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        Containers = [container],
                        Volumes = [new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() }],
                    },
                },
            },
        };
        return
        [
            new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = $"{project.Name}-env" }, Data = plain },
            new V1Secret { ApiVersion = "v1", Kind = "Secret", Metadata = new V1ObjectMeta { Name = $"{project.Name}-secrets" }, Type = "Opaque", StringData = secret },
            deployment,
            KubernetesWorkloads.Service(project.Name, labels, "http", HttpPort),
        ];
    }

    private static V1Probe HttpProbe(string path, int periodSeconds) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = "http" },
        PeriodSeconds = periodSeconds,
        TimeoutSeconds = 5,
        FailureThreshold = 3,
    };

    internal static string Yaml(params object[] documents)
    {
        var text = new StringBuilder();
        foreach (var document in documents)
        {
            if (text.Length > 0) text.Append("---\n");
            text.Append(KubernetesYaml.Serialize(document).TrimEnd()).Append('\n');
        }
        return text.ToString();
    }
}

/// <param name="Registry">Where the images are pushed, e.g. ghcr.io/acme.</param>
internal sealed record KubernetesPublishOptions(string Registry, string Tag);
