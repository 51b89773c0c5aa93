namespace MediaAspire.AppHost.Hosting;

/// <summary>A resource other resources can reference by connection string (<c>ConnectionStrings__{name}</c>).</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }

    /// <summary>The connection string as the service sees it, in run mode.</summary>
    string ConnectionString();

    /// <summary>Aspire's connection properties, injected as <c>{NAME}_{KEY}</c> (HOST, PORT, USERNAME, PASSWORD, URI…).</summary>
    IReadOnlyDictionary<string, string> ConnectionProperties();
}
