using Aspire.Hosting.ApplicationModel;

namespace MediaAspire.Hosting.Deployment;

/// <summary>Published to Kubernetes, the CPU and memory the resource's container requests and may use at most
/// (Kubernetes quantities, e.g. <c>250m</c>, <c>1Gi</c>).</summary>
public sealed record ComputeResourcesAnnotation(string CpuRequest, string MemoryRequest, string CpuLimit, string MemoryLimit) : IResourceAnnotation;
