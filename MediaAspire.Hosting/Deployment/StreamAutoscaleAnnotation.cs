using Aspire.Hosting.ApplicationModel;

namespace MediaAspire.Hosting.Deployment;

/// <summary>
/// Published to Kubernetes, KEDA sizes the project on the length of a Redis stream (the <c>autoscale</c> overlay):
/// one replica per <see cref="MessagesPerReplica"/> messages, between <see cref="MinReplicas"/> and
/// <see cref="MaxReplicas"/>. The stream's length is the work to do only when consumers delete what they
/// acknowledge, so it counts the messages waiting and those being worked on.
/// </summary>
public sealed record StreamAutoscaleAnnotation(IResourceWithConnectionString Redis, string Stream, int MessagesPerReplica, int MinReplicas, int MaxReplicas)
    : IResourceAnnotation;
