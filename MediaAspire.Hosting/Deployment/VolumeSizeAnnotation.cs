using Aspire.Hosting.ApplicationModel;

namespace MediaAspire.Hosting.Deployment;

/// <summary>Published to Kubernetes, the size each of the container's volumes claims (a Kubernetes quantity, e.g. <c>10Gi</c>).</summary>
public sealed record VolumeSizeAnnotation(string Size) : IResourceAnnotation;
