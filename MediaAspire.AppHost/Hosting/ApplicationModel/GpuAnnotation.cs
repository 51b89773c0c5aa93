namespace MediaAspire.AppHost.Hosting;

/// <summary>Published to Kubernetes, the project's pods request <see cref="Count"/> NVIDIA GPUs, run on GPU nodes and use
/// the CUDA build of its image (the <c>gpu</c> overlay). Locally the project uses a GPU when it finds one.</summary>
public sealed class GpuAnnotation(int count)
{
    public int Count { get; } = count;
}
