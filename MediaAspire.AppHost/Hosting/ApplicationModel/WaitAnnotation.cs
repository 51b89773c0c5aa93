namespace MediaAspire.AppHost.Hosting;

/// <summary>Do not start the annotated resource before <see cref="Target"/> is running and healthy.</summary>
public sealed class WaitAnnotation(Resource target)
{
    public Resource Target { get; } = target;
}
