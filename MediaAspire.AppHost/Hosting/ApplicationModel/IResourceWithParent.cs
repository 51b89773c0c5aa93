namespace MediaAspire.AppHost.Hosting;

/// <summary>The resource that owns a child resource (a database's server): starting the child means starting the parent.</summary>
public interface IResourceWithParent
{
    Resource Parent { get; }
}
