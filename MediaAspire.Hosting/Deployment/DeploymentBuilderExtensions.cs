using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace MediaAspire.Hosting.Deployment;

/// <summary>Deployment facts Aspire has no annotation for; the Kubernetes publisher reads them.</summary>
public static class DeploymentBuilderExtensions
{
    /// <summary>Published to Kubernetes, the project's pods request <paramref name="count"/> NVIDIA GPUs (the <c>gpu</c> overlay).</summary>
    public static IResourceBuilder<ProjectResource> WithGpu(this IResourceBuilder<ProjectResource> builder, int count = 1) =>
        builder.WithAnnotation(new GpuAnnotation(count));

    /// <summary>Published to Kubernetes, KEDA keeps one replica per <paramref name="messagesPerReplica"/> messages of
    /// <paramref name="stream"/> on <paramref name="redis"/> (the <c>autoscale</c> overlay).</summary>
    public static IResourceBuilder<ProjectResource> WithStreamAutoscaling(this IResourceBuilder<ProjectResource> builder,
        IResourceBuilder<IResourceWithConnectionString> redis, string stream, int messagesPerReplica, int maxReplicas, int minReplicas = 1)
    {
        if (messagesPerReplica < 1 || minReplicas < 1 || maxReplicas < minReplicas)
            throw new ArgumentOutOfRangeException(nameof(messagesPerReplica), "Need 1 <= minReplicas <= maxReplicas and at least one message per replica.");
        return builder.WithAnnotation(new StreamAutoscaleAnnotation(redis.Resource, stream, messagesPerReplica, minReplicas, maxReplicas));
    }

    /// <summary>Published to Kubernetes, the container's CPU and memory requests and limits.</summary>
    public static IResourceBuilder<T> WithComputeResources<T>(this IResourceBuilder<T> builder,
        string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit) where T : IResource =>
        builder.WithAnnotation(new ComputeResourcesAnnotation(cpuRequest, memoryRequest, cpuLimit, memoryLimit));

    /// <summary>Published to Kubernetes, the size of the PersistentVolumeClaim behind each of the container's volumes.</summary>
    public static IResourceBuilder<T> WithVolumeSize<T>(this IResourceBuilder<T> builder, string size) where T : ContainerResource =>
        builder.WithAnnotation(new VolumeSizeAnnotation(size));
}
