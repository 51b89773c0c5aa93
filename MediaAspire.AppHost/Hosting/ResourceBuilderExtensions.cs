using Microsoft.Extensions.Configuration;

namespace MediaAspire.AppHost.Hosting;

/// <summary>Aspire's fluent API for wiring resources together.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Connection string references inject <c>ConnectionStrings__{name}</c> and <c>{NAME}_{PROPERTY}</c>;
    /// project references inject <c>services__{name}__{endpoint}__{i}</c> for service discovery.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> target) where T : Resource
    {
        builder.Resource.Annotations.Add(new ReferenceAnnotation(target.Resource));
        return builder;
    }

    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> target) where T : Resource
    {
        builder.Resource.Annotations.Add(new WaitAnnotation(target.Resource));
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value) where T : Resource
    {
        builder.Resource.Annotations.Add(new EnvironmentAnnotation(name, () => value));
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IResourceBuilder<ParameterResource> parameter) where T : Resource
    {
        builder.Resource.Annotations.Add(new EnvironmentAnnotation(name, () => parameter.Resource.Value, parameter.Resource));
        return builder;
    }

    /// <param name="port">Fixed port; null picks a free one at start.</param>
    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? port = null, string name = "http") where T : Resource
    {
        builder.Resource.Annotations.Add(new EndpointAnnotation(name, "http", port));
        return builder;
    }

    public static IResourceBuilder<T> WithHttpHealthCheck<T>(this IResourceBuilder<T> builder, string path, string endpointName = "http") where T : Resource
    {
        builder.Resource.Annotations.Add(new HttpHealthCheckAnnotation(path, endpointName));
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithReplicas(this IResourceBuilder<ProjectResource> builder, int replicas)
    {
        if (replicas < 1) throw new ArgumentOutOfRangeException(nameof(replicas), replicas, "At least one replica.");
        builder.Resource.Annotations.Add(new ReplicaAnnotation(replicas));
        return builder;
    }

    /// <summary>Every setting under <paramref name="section"/> of the AppHost's configuration (e.g. <c>--Queue:VisibilityTimeout=00:00:03</c>)
    /// is given to the resource as its environment variable (<c>Queue__VisibilityTimeout</c>); nothing when the section is absent.</summary>
    public static IResourceBuilder<T> WithConfigurationSection<T>(this IResourceBuilder<T> builder, string section) where T : Resource
    {
        foreach (var (key, value) in builder.ApplicationBuilder.Configuration.GetSection(section).AsEnumerable())
            if (value is not null) builder.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
        return builder;
    }

    /// <summary>Published to Kubernetes, the project requests <paramref name="count"/> NVIDIA GPUs and runs on GPU nodes (the <c>gpu</c> overlay).</summary>
    public static IResourceBuilder<ProjectResource> WithGpu(this IResourceBuilder<ProjectResource> builder, int count = 1)
    {
        builder.Resource.Annotations.Add(new GpuAnnotation(count));
        return builder;
    }

    /// <summary>Published to Kubernetes, KEDA keeps one replica per <paramref name="messagesPerReplica"/> messages of
    /// <paramref name="stream"/> on <paramref name="redis"/> (the <c>autoscale</c> overlay).</summary>
    public static IResourceBuilder<ProjectResource> WithStreamAutoscaling(this IResourceBuilder<ProjectResource> builder,
        IResourceBuilder<RedisResource> redis, string stream, int messagesPerReplica, int maxReplicas, int minReplicas = 1)
    {
        if (messagesPerReplica < 1 || minReplicas < 1 || maxReplicas < minReplicas)
            throw new ArgumentOutOfRangeException(nameof(messagesPerReplica), "Need 1 <= minReplicas <= maxReplicas and at least one message per replica.");
        builder.Resource.Annotations.Add(new StreamAutoscaleAnnotation(redis.Resource, stream, messagesPerReplica, minReplicas, maxReplicas));
        return builder;
    }

    /// <summary>Published to Kubernetes, the container's CPU and memory requests and limits.</summary>
    public static IResourceBuilder<ProjectResource> WithComputeResources(this IResourceBuilder<ProjectResource> builder,
        string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit)
    {
        builder.Resource.Annotations.Add(new ComputeResourcesAnnotation(cpuRequest, memoryRequest, cpuLimit, memoryLimit));
        return builder;
    }

    /// <summary>The dashboard shows the JSON the project serves at <paramref name="path"/>, read with <paramref name="apiKey"/>
    /// in the <paramref name="apiKeyHeader"/> header.</summary>
    public static IResourceBuilder<ProjectResource> WithPlatformStats(this IResourceBuilder<ProjectResource> builder,
        string path, string apiKeyHeader, IResourceBuilder<ParameterResource> apiKey)
    {
        builder.Resource.Annotations.Add(new PlatformStatsAnnotation(path, apiKeyHeader, apiKey.Resource));
        return builder;
    }

    /// <summary>The parameter's value is printed as <paramref name="label"/> once everything is healthy.</summary>
    public static IResourceBuilder<ParameterResource> WithStartupBanner(this IResourceBuilder<ParameterResource> builder, string label)
    {
        builder.Resource.Annotations.Add(new StartupBannerAnnotation(label));
        return builder;
    }
}
