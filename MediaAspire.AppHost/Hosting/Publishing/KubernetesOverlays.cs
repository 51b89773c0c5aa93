using System.Globalization;
using k8s.Models;

namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// The kustomize overlays on top of the base, from the app model's annotations: <c>gpu</c> (projects
/// <see cref="ResourceBuilderExtensions.WithGpu">WithGpu</see>) and <c>autoscale</c> (projects
/// <see cref="ResourceBuilderExtensions.WithStreamAutoscaling">WithStreamAutoscaling</see>, scaled by KEDA).
/// </summary>
internal static class KubernetesOverlays
{
    /// <summary>GPU projects request their GPUs, land on GPU nodes, and run the CUDA build of their image.</summary>
    public static IEnumerable<(string Path, string Content)> Gpu(DistributedApplicationModel model, KubernetesPublisher publisher)
    {
        var projects = model.Resources.OfType<ProjectResource>().Where(p => p.AnnotationsOf<GpuAnnotation>().Any()).ToList();
        if (projects.Count == 0) yield break;
        yield return ("overlays/gpu/kustomization.yaml", KubernetesPublisher.Yaml(new Kustomization
        {
            Resources = ["../../base"],
            Patches = [.. projects.Select(p => new Kustomization.Patch { Path = $"{p.Name}-gpu.yaml" })],
            Images = [.. projects.Select(p => new Kustomization.ImageOverride { Name = publisher.ImageName(p), NewTag = $"{publisher.ImageTag}-cuda" })],
        }));
        foreach (var project in projects)
        {
            var gpus = project.AnnotationsOf<GpuAnnotation>().Last().Count.ToString(CultureInfo.InvariantCulture);
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
    /// holds its pending entries and idle ones leave the lag at 0.
    /// </summary>
    public static IEnumerable<(string Path, string Content)> Autoscale(DistributedApplicationModel model)
    {
        var projects = model.Resources.OfType<ProjectResource>()
            .Select(p => (Project: p, Scaling: p.AnnotationsOf<StreamAutoscaleAnnotation>().LastOrDefault()))
            .Where(p => p.Scaling is not null).ToList();
        if (projects.Count == 0) yield break;
        yield return ("overlays/autoscale/kustomization.yaml", KubernetesPublisher.Yaml(new Kustomization
        {
            Resources = ["../../base", .. projects.Select(p => $"{p.Project.Name}-scaledobject.yaml")],
        }));
        foreach (var (project, scaling) in projects)
        {
            var authentication = $"{project.Name}-{scaling!.Redis.Name}";
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
                                    ["address"] = $"{scaling.Redis.Name}:{scaling.Redis.Endpoint.TargetPort}",
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
                            new KedaTriggerAuthentication.SecretTarget
                            {
                                Parameter = "password", Name = KubernetesPublisher.ParametersSecret, Key = scaling.Redis.Password.Name,
                            },
                        ],
                    },
                }));
        }
    }
}
