namespace MediaAspire.AppHost.Hosting;

/// <summary>The kustomize overlays on top of the base: GPU workers, and queue-driven autoscaling with KEDA.</summary>
internal static class KubernetesOverlays
{
    private const string Worker = "gpuworker";

    /// <summary>Workers request one NVIDIA GPU, land on GPU nodes, and run the CUDA build of the worker image.</summary>
    public static IEnumerable<(string Path, string Content)> Gpu(KubernetesPublishOptions options)
    {
        yield return ("overlays/gpu/kustomization.yaml", KubernetesPublisher.Yaml(new Dictionary<string, object>
        {
            ["apiVersion"] = "kustomize.config.k8s.io/v1beta1",
            ["kind"] = "Kustomization",
            ["resources"] = new[] { "../../base" },
            ["patches"] = new[] { new Dictionary<string, object> { ["path"] = "gpuworker-gpu.yaml" } },
            ["images"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["name"] = $"{options.Registry}/mediaaspire-{Worker}",
                    ["newTag"] = $"{options.Tag}-cuda",
                },
            },
        }));
        yield return ("overlays/gpu/gpuworker-gpu.yaml", KubernetesPublisher.Yaml(new Dictionary<string, object>
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new Dictionary<string, object> { ["name"] = Worker },
            ["spec"] = new Dictionary<string, object>
            {
                ["template"] = new Dictionary<string, object>
                {
                    ["spec"] = new Dictionary<string, object>
                    {
                        ["nodeSelector"] = new Dictionary<string, string> { ["nvidia.com/gpu.present"] = "true" },
                        ["tolerations"] = new[]
                        {
                            new Dictionary<string, string> { ["key"] = "nvidia.com/gpu", ["operator"] = "Exists", ["effect"] = "NoSchedule" },
                        },
                        ["containers"] = new[]
                        {
                            new Dictionary<string, object>
                            {
                                ["name"] = Worker,
                                ["resources"] = new Dictionary<string, object>
                                {
                                    ["limits"] = new Dictionary<string, string> { ["nvidia.com/gpu"] = "1" },
                                },
                            },
                        },
                    },
                },
            },
        }));
    }

    /// <summary>
    /// KEDA scales the workers on the job stream's pending entries (delivered, not yet acknowledged)
    /// of the "workers" consumer group, between 1 and 8 replicas.
    /// </summary>
    public static IEnumerable<(string Path, string Content)> Autoscale(DistributedApplicationModel model)
    {
        var redis = model.Resources.OfType<RedisResource>().Single();
        yield return ("overlays/autoscale/kustomization.yaml", KubernetesPublisher.Yaml(new Dictionary<string, object>
        {
            ["apiVersion"] = "kustomize.config.k8s.io/v1beta1",
            ["kind"] = "Kustomization",
            ["resources"] = new[] { "../../base", "gpuworker-scaledobject.yaml" },
        }));
        yield return ("overlays/autoscale/gpuworker-scaledobject.yaml", KubernetesPublisher.Yaml(
            new Dictionary<string, object>
            {
                ["apiVersion"] = "keda.sh/v1alpha1",
                ["kind"] = "ScaledObject",
                ["metadata"] = new Dictionary<string, object> { ["name"] = Worker },
                ["spec"] = new Dictionary<string, object>
                {
                    ["scaleTargetRef"] = new Dictionary<string, string> { ["name"] = Worker },
                    ["minReplicaCount"] = 1,
                    ["maxReplicaCount"] = 8,
                    ["triggers"] = new[]
                    {
                        new Dictionary<string, object>
                        {
                            ["type"] = "redis-streams",
                            ["metadata"] = new Dictionary<string, string>
                            {
                                ["address"] = $"{redis.Name}:6379",
                                ["stream"] = "mediaaspire:jobs",
                                ["consumerGroup"] = "workers",
                                ["pendingEntriesCount"] = "4",
                            },
                            ["authenticationRef"] = new Dictionary<string, string> { ["name"] = $"{Worker}-redis" },
                        },
                    },
                },
            },
            new Dictionary<string, object>
            {
                ["apiVersion"] = "keda.sh/v1alpha1",
                ["kind"] = "TriggerAuthentication",
                ["metadata"] = new Dictionary<string, object> { ["name"] = $"{Worker}-redis" },
                ["spec"] = new Dictionary<string, object>
                {
                    ["secretTargetRef"] = new[]
                    {
                        new Dictionary<string, string>
                        {
                            ["parameter"] = "password",
                            ["name"] = KubernetesPublisher.ParametersSecret,
                            ["key"] = redis.Password.Name,
                        },
                    },
                },
            }));
    }
}
