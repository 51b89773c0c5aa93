namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// Published to Kubernetes, KEDA sizes the project on the length of a Redis stream (the <c>autoscale</c> overlay):
/// one replica per <see cref="MessagesPerReplica"/> messages, between <see cref="MinReplicas"/> and
/// <see cref="MaxReplicas"/>. The stream's length is the work to do only when consumers delete what they
/// acknowledge, so it counts the messages waiting and those being worked on.
/// </summary>
public sealed class StreamAutoscaleAnnotation(RedisResource redis, string stream, int messagesPerReplica, int minReplicas, int maxReplicas)
{
    public RedisResource Redis { get; } = redis;
    public string Stream { get; } = stream;
    public int MessagesPerReplica { get; } = messagesPerReplica;
    public int MinReplicas { get; } = minReplicas;
    public int MaxReplicas { get; } = maxReplicas;
}
