#pragma warning disable ASPIREPROBES001 // Probe annotations are Aspire's own way to declare readiness/liveness; experimental in 13.6.

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using k8s.Models;
using MediaAspire.Hosting.Deployment;

namespace MediaAspire.Hosting.Kubernetes;

/// <summary>
/// One resource of the app model as Kubernetes objects: a Deployment (projects, containers without volumes) or a
/// StatefulSet with a PersistentVolumeClaim per volume, a Service for its endpoints, and its environment split into a
/// ConfigMap (plain values) and a Secret (every value a secret went into), both read with <c>envFrom</c>.
/// </summary>
internal sealed class KubernetesWorkloads(KubernetesValues values, DistributedApplicationExecutionContext executionContext, KubernetesImages images)
{
    /// <summary>Requests and limits for a resource that declares none (<see cref="ComputeResourcesAnnotation"/>).</summary>
    private static readonly ComputeResourcesAnnotation DefaultCompute = new("100m", "128Mi", "1", "512Mi");

    private const string DefaultVolumeSize = "1Gi";

    public async Task<object[]> ForAsync(IResource resource, CancellationToken cancellationToken)
    {
        var environment = await EnvironmentAsync(resource, cancellationToken);
        var plain = environment.Where(e => !e.Value.IsSecret).ToDictionary(e => e.Key, e => e.Value.Value);
        var secret = environment.Where(e => e.Value.IsSecret).ToDictionary(e => e.Key, e => e.Value.Value);
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = resource.Name };
        var endpoints = Endpoints(resource);
        var volumes = resource.TryGetContainerMounts(out var mounts) ? mounts!.ToList() : [];
        if (volumes.FirstOrDefault(m => m.Type != ContainerMountType.Volume) is { } bindMount)
            throw new NotSupportedException($"{resource.Name}: bind mount {bindMount.Source} cannot be published to Kubernetes; use a volume.");
        var volumeNames = volumes.Select((_, i) => i == 0 ? "data" : $"data-{i + 1}").ToList();

        var container = new V1Container
        {
            Name = resource.Name,
            Image = resource is ProjectResource project ? images.Of(project) : ContainerImage(resource),
            Command = resource is ContainerResource { Entrypoint: { } entrypoint } ? [entrypoint] : null,
            Args = await ArgumentsAsync(resource, cancellationToken) is { Count: > 0 } args ? args : null,
            Ports = endpoints.Count > 0 ? [.. endpoints.Select(e => new V1ContainerPort { ContainerPort = KubernetesValues.TargetPort(e), Name = e.Name })] : null,
            EnvFrom = EnvironmentSources(resource.Name, plain.Count > 0, secret.Count > 0),
            Resources = RequestsAndLimits(resource.Annotations.OfType<ComputeResourcesAnnotation>().LastOrDefault() ?? DefaultCompute),
            VolumeMounts = [.. volumes.Select((m, i) => new V1VolumeMount { MountPath = m.Target, Name = volumeNames[i], ReadOnlyProperty = m.IsReadOnly ? true : null })],
        };
        SetProbes(resource, container, endpoints);

        var pod = new V1PodSpec { Containers = [container] };
        if (resource is ProjectResource)
        {
            // Our images run as a non-root user and write scratch files (ffmpeg, downloads) under /tmp only.
            container.Env =
            [
                new V1EnvVar { Name = "OTEL_SERVICE_NAME", Value = resource.Name },
                new V1EnvVar { Name = "POD_NAME", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
                new V1EnvVar { Name = "OTEL_RESOURCE_ATTRIBUTES", Value = "service.instance.id=$(POD_NAME)" },
            ];
            container.SecurityContext = new V1SecurityContext { RunAsNonRoot = true, AllowPrivilegeEscalation = false };
            container.VolumeMounts = [new V1VolumeMount { MountPath = "/tmp", Name = "scratch" }];
            pod.Volumes = [new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() }];
        }
        if (container.VolumeMounts.Count == 0) container.VolumeMounts = null;

        var documents = new List<object>();
        if (plain.Count > 0)
            documents.Add(new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = ConfigMapName(resource.Name) }, Data = plain });
        if (secret.Count > 0)
            documents.Add(new V1Secret { ApiVersion = "v1", Kind = "Secret", Metadata = new V1ObjectMeta { Name = SecretName(resource.Name) }, Type = "Opaque", StringData = secret });
        var template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = labels }, Spec = pod };
        documents.Add(volumes.Count == 0
            ? new V1Deployment
            {
                ApiVersion = "apps/v1",
                Kind = "Deployment",
                Metadata = new V1ObjectMeta { Name = resource.Name, Labels = labels },
                Spec = new V1DeploymentSpec { Replicas = resource.GetReplicaCount(), Selector = new V1LabelSelector { MatchLabels = labels }, Template = template },
            }
            : new V1StatefulSet
            {
                ApiVersion = "apps/v1",
                Kind = "StatefulSet",
                Metadata = new V1ObjectMeta { Name = resource.Name, Labels = labels },
                Spec = new V1StatefulSetSpec
                {
                    // One: a container with volumes is a single server (PostgreSQL, Redis, MinIO), its volume ReadWriteOnce.
                    Replicas = 1,
                    ServiceName = resource.Name,
                    Selector = new V1LabelSelector { MatchLabels = labels },
                    Template = template,
                    VolumeClaimTemplates = [.. volumeNames.Select(name => VolumeClaim(name, resource))],
                },
            });
        if (endpoints.Count > 0)
            documents.Add(new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = new V1ObjectMeta { Name = resource.Name },
                Spec = new V1ServiceSpec
                {
                    Selector = labels,
                    Ports = [.. endpoints.Select(e => new V1ServicePort { Name = e.Name, Port = KubernetesValues.TargetPort(e), TargetPort = e.Name })],
                },
            });
        return [.. documents];
    }

    public static string ConfigMapName(string resource) => $"{resource}-env";

    public static string SecretName(string resource) => $"{resource}-secrets";

    /// <summary>
    /// The resource's environment as Aspire builds it for a deployment: every environment callback (references,
    /// <c>WithEnvironment</c>, Aspire's own variables) run in publish mode, each value resolved for the cluster.
    /// </summary>
    public async Task<SortedDictionary<string, KubernetesValue>> EnvironmentAsync(IResource resource, CancellationToken cancellationToken)
    {
        var context = new EnvironmentCallbackContext(executionContext, resource, cancellationToken: cancellationToken);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
            await callback.Callback(context);
        var environment = new SortedDictionary<string, KubernetesValue>(StringComparer.Ordinal);
        foreach (var (name, value) in context.EnvironmentVariables)
            environment[name] = await values.ResolveAsync(value, cancellationToken);
        return environment;
    }

    /// <summary>Pod specs are readable by anyone who can read the workload, so an argument may not hold a secret.</summary>
    private async Task<List<string>> ArgumentsAsync(IResource resource, CancellationToken cancellationToken)
    {
        var context = new CommandLineArgsCallbackContext([], resource, cancellationToken) { ExecutionContext = executionContext };
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
            await callback.Callback(context);
        var arguments = new List<string>();
        foreach (var argument in context.Args)
        {
            var resolved = await values.ResolveAsync(argument, cancellationToken);
            if (resolved.IsSecret)
                throw new NotSupportedException($"{resource.Name}: an argument holds a secret; pass it in an environment variable instead.");
            arguments.Add(resolved.Value);
        }
        return arguments;
    }

    /// <summary>The endpoints the container serves (a project's default https endpoint is its http one, see <see cref="KubernetesValues.Served"/>).</summary>
    private static List<EndpointAnnotation> Endpoints(IResource resource) =>
        [.. resource.Annotations.OfType<EndpointAnnotation>().Where(e => KubernetesValues.Served(resource, e) == e)];

    private static string ContainerImage(IResource resource) =>
        resource.TryGetContainerImageName(out var image) && image is not null
            ? image
            : throw new NotSupportedException($"{resource.Name} has no container image and cannot be published to Kubernetes.");

    private static List<V1EnvFromSource>? EnvironmentSources(string resource, bool plain, bool secret)
    {
        var sources = new List<V1EnvFromSource>();
        if (plain) sources.Add(new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = ConfigMapName(resource) } });
        if (secret) sources.Add(new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = SecretName(resource) } });
        return sources.Count > 0 ? sources : null;
    }

    /// <summary>
    /// Aspire's probe annotations (<c>WithHttpProbe</c>) where a resource has them. Otherwise a project gets the
    /// ServiceDefaults endpoints every service maps: readiness <c>/health</c> (its dependencies too) and liveness
    /// <c>/alive</c> (the process only, so a database outage never restarts it); a container is ready once its first
    /// port accepts connections.
    /// </summary>
    private static void SetProbes(IResource resource, V1Container container, List<EndpointAnnotation> endpoints)
    {
        var probes = resource.Annotations.OfType<EndpointProbeAnnotation>().ToList();
        if (probes.Count > 0)
        {
            foreach (var probe in probes)
            {
                var port = KubernetesValues.Served(resource, probe.EndpointReference.EndpointAnnotation).Name;
                var spec = new V1Probe
                {
                    HttpGet = new V1HTTPGetAction { Path = probe.Path, Port = port },
                    InitialDelaySeconds = probe.InitialDelaySeconds,
                    PeriodSeconds = probe.PeriodSeconds,
                    TimeoutSeconds = probe.TimeoutSeconds,
                    FailureThreshold = probe.FailureThreshold,
                    SuccessThreshold = probe.SuccessThreshold,
                };
                switch (probe.Type)
                {
                    case ProbeType.Readiness: container.ReadinessProbe = spec; break;
                    case ProbeType.Liveness: container.LivenessProbe = spec; break;
                    case ProbeType.Startup: container.StartupProbe = spec; break;
                }
            }
            return;
        }
        if (resource is ProjectResource && endpoints.FirstOrDefault(e => e.UriScheme == "http") is { } http)
        {
            container.ReadinessProbe = HttpProbe("/health", http.Name, periodSeconds: 5);
            container.LivenessProbe = HttpProbe("/alive", http.Name, periodSeconds: 20);
        }
        else if (endpoints.Count > 0)
        {
            container.ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = endpoints[0].Name }, PeriodSeconds = 10 };
        }
    }

    private static V1Probe HttpProbe(string path, string port, int periodSeconds) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = port },
        PeriodSeconds = periodSeconds,
        TimeoutSeconds = 5,
        FailureThreshold = 3,
    };

    private static V1ResourceRequirements RequestsAndLimits(ComputeResourcesAnnotation compute) => new()
    {
        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(compute.CpuRequest), ["memory"] = new(compute.MemoryRequest) },
        Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(compute.CpuLimit), ["memory"] = new(compute.MemoryLimit) },
    };

    private static V1PersistentVolumeClaim VolumeClaim(string name, IResource resource) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            Resources = new V1VolumeResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity>
                {
                    ["storage"] = new(resource.Annotations.OfType<VolumeSizeAnnotation>().LastOrDefault()?.Size ?? DefaultVolumeSize),
                },
            },
        },
    };
}
