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
}
