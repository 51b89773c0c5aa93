using Aspire.Hosting.ApplicationModel;

namespace MediaAspire.Hosting.Deployment;

/// <summary>Published to Kubernetes, the project's pods request <see cref="Count"/> NVIDIA GPUs, run on GPU nodes and use
/// the CUDA build of its image (the <c>gpu</c> overlay). Locally the project uses a GPU when it finds one.</summary>
public sealed record GpuAnnotation(int Count) : IResourceAnnotation;
