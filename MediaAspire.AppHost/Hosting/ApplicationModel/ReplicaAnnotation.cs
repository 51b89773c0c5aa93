namespace MediaAspire.AppHost.Hosting;

/// <summary>How many copies of a project run (locally, each on its own port; published, the Deployment's replicas).</summary>
public sealed class ReplicaAnnotation(int replicas)
{
    public int Replicas { get; } = replicas;
}
