using System.Reflection;

namespace MediaAspire.AppHost.Hosting;

/// <summary>The build outputs of the referenced service projects, recorded at build time (see the csproj).</summary>
public static class ProjectPaths
{
    /// <summary>The built assembly of the project.</summary>
    public static string Of(string resourceName) => Metadata($"project:{resourceName}", resourceName);

    /// <summary>The project file, for publishers (the Aspire manifest points at it).</summary>
    public static string ProjectFileOf(string resourceName) => Path.GetFullPath(Metadata($"projectfile:{resourceName}", resourceName));

    private static string Metadata(string key, string resourceName) =>
        typeof(ProjectPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"No project named '{resourceName}' is referenced by the AppHost.");
}
