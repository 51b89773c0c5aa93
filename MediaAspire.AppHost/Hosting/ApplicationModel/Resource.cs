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

/// <summary>A resource other resources can reference by connection string (<c>ConnectionStrings__{name}</c>).</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }

    /// <summary>The connection string as the service sees it, in run mode.</summary>
    string ConnectionString();

    /// <summary>Aspire's connection properties, injected as <c>{NAME}_{KEY}</c> (HOST, PORT, USERNAME, PASSWORD, URI…).</summary>
    IReadOnlyDictionary<string, string> ConnectionProperties();
}

/// <summary>A resource that has a process (or processes) to run and whose state the orchestrator tracks.</summary>
public interface IRunnableResource
{
    string Name { get; }
}

/// <summary>The resource that owns a child resource (a database's server): starting the child means starting the parent.</summary>
public interface IResourceWithParent
{
    Resource Parent { get; }
}
