using System.Globalization;
using System.Runtime.CompilerServices;
using Aspire.Hosting.ApplicationModel;
using k8s.Models;
using MediaAspire.Hosting.Deployment;
using MediaAspire.Hosting.Kubernetes.Models;

namespace MediaAspire.Hosting.Kubernetes;

/// <summary>
/// The kustomize overlays on top of the base, from our deployment annotations: <c>gpu</c> (projects
/// <see cref="DeploymentBuilderExtensions.WithGpu">WithGpu</see>) and <c>autoscale</c> (projects
/// <see cref="DeploymentBuilderExtensions.WithStreamAutoscaling">WithStreamAutoscaling</see>, scaled by KEDA).
/// </summary>
internal sealed class KubernetesOverlays(DistributedApplicationModel model, KubernetesValues values, KubernetesImages images)
{
    /// <summary>GPU projects request their GPUs, land on GPU nodes, and run the CUDA build of their image.</summary>
    public IEnumerable<(string Path, string Content)> Gpu()
    {
        var projects = model.Resources.OfType<ProjectResource>().Where(p => p.Annotations.OfType<GpuAnnotation>().Any()).ToList();
        if (projects.Count == 0) yield break;
        yield return ("overlays/gpu/kustomization.yaml", KubernetesPublisher.Yaml(new Kustomization
        {
            Resources = ["../../base"],
            Patches = [.. projects.Select(p => new Kustomization.Patch { Path = $"{p.Name}-gpu.yaml" })],
            Images = [.. projects.Select(p => new Kustomization.ImageOverride { Name = images.Name(p), NewTag = $"{images.Tag}-cuda" })],
        }));
        foreach (var project in projects)
        {
            var gpus = project.Annotations.OfType<GpuAnnotation>().Last().Count.ToString(CultureInfo.InvariantCulture);
            yield return ($"overlays/gpu/{project.Name}-gpu.yaml", KubernetesPublisher.Yaml(new V1Deployment
            {
                ApiVersion = "apps/v1",
                Kind = "Deployment",
                Metadata = new V1ObjectMeta { Name = project.Name },
                Spec = new V1DeploymentSpec
                {
                    Template = new V1PodTemplateSpec
                    {
                        Spec = new V1PodSpec
                        {
                            NodeSelector = new Dictionary<string, string> { ["nvidia.com/gpu.present"] = "true" },
                            Tolerations = [new V1Toleration { Key = "nvidia.com/gpu", OperatorProperty = "Exists", Effect = "NoSchedule" }],
                            Containers =
                            [
                                new V1Container
                                {
                                    Name = project.Name,
                                    Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new(gpus) } },
                                },
                            ],
                        },
                    },
                },
            }));
        }
    }

    /// <summary>
    /// A KEDA ScaledObject per autoscaled project: the <c>redis-streams</c> scaler's <c>streamLength</c> mode (no
    /// consumer group given, so it reads XLEN), one replica per <see cref="StreamAutoscaleAnnotation.MessagesPerReplica"/>
    /// messages. The job queue deletes what it acknowledges, so the length is the group's lag (not yet delivered)
    /// plus its pending entries (being worked on): neither alone sizes the workers right, since a busy worker
    /// holds its pending entries and idle ones leave the lag at 0. The Redis address and password come from the
    /// Redis resource's connection properties, the password as a key of the parameters Secret.
    /// </summary>
    public async IAsyncEnumerable<(string Path, string Content)> AutoscaleAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var projects = model.Resources.OfType<ProjectResource>()
            .Select(p => (Project: p, Scaling: p.Annotations.OfType<StreamAutoscaleAnnotation>().LastOrDefault()))
            .Where(p => p.Scaling is not null).ToList();
        if (projects.Count == 0) yield break;
        yield return ("overlays/autoscale/kustomization.yaml", KubernetesPublisher.Yaml(new Kustomization
        {
            Resources = ["../../base", .. projects.Select(p => $"{p.Project.Name}-scaledobject.yaml")],
        }));
        foreach (var (project, scaling) in projects)
        {
            var redis = scaling!.Redis;
            var properties = redis.GetConnectionProperties().ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
            var host = await values.ResolveAsync(Property(redis, properties, "Host"), cancellationToken);
            var port = await values.ResolveAsync(Property(redis, properties, "Port"), cancellationToken);
            var password = Property(redis, properties, "Password") is { ValueProviders: [ParameterResource parameter] }
                ? parameter
                : throw new NotSupportedException($"{redis.Name}'s password is not a parameter: KEDA reads it from the {KubernetesPublisher.ParametersSecret} Secret.");
            var authentication = $"{project.Name}-{redis.Name}";
            yield return ($"overlays/autoscale/{project.Name}-scaledobject.yaml", KubernetesPublisher.Yaml(
                new KedaScaledObject
                {
                    Metadata = new V1ObjectMeta { Name = project.Name },
                    Spec = new KedaScaledObject.ScaledObjectSpec
                    {
                        ScaleTargetRef = new KedaScaledObject.ScaleTarget { Name = project.Name },
                        MinReplicaCount = scaling.MinReplicas,
                        MaxReplicaCount = scaling.MaxReplicas,
                        Triggers =
                        [
                            new KedaScaledObject.Trigger
                            {
                                Type = "redis-streams",
                                Metadata = new Dictionary<string, string>
                                {
                                    ["address"] = $"{host.Value}:{port.Value}",
                                    ["stream"] = scaling.Stream,
                                    ["streamLength"] = scaling.MessagesPerReplica.ToString(CultureInfo.InvariantCulture),
                                },
                                AuthenticationRef = new KedaScaledObject.AuthenticationReference { Name = authentication },
                            },
                        ],
                    },
                },
                new KedaTriggerAuthentication
                {
                    Metadata = new V1ObjectMeta { Name = authentication },
                    Spec = new KedaTriggerAuthentication.TriggerAuthenticationSpec
                    {
                        SecretTargetRef =
                        [
                            new KedaTriggerAuthentication.SecretTarget { Parameter = "password", Name = KubernetesPublisher.ParametersSecret, Key = password.Name },
                        ],
                    },
                }));
        }
    }

    private static ReferenceExpression Property(IResource redis, Dictionary<string, ReferenceExpression> properties, string name) =>
        properties.TryGetValue(name, out var value)
            ? value
            : throw new NotSupportedException($"{redis.Name} has no '{name}' connection property for KEDA's redis-streams scaler.");
}
