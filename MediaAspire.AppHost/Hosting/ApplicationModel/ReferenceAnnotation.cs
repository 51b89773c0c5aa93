namespace MediaAspire.AppHost.Hosting;

/// <summary>The annotated resource uses <see cref="Target"/> (connection string or service discovery).</summary>
public sealed class ReferenceAnnotation(Resource target)
{
    public Resource Target { get; } = target;
}
