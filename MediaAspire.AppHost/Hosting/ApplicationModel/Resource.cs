namespace MediaAspire.AppHost.Hosting;

/// <summary>A named part of the application (a server, a database, a project, a parameter) with annotations
/// that say how it connects to the others, as in Aspire's application model.</summary>
public abstract class Resource(string name)
{
    public string Name { get; } = name;

    public List<object> Annotations { get; } = [];

    /// <summary>Display type in the dashboard and manifests.</summary>
    public abstract string Type { get; }

    public IEnumerable<T> AnnotationsOf<T>() => Annotations.OfType<T>();

    public override string ToString() => $"{Type} '{Name}'";
}
