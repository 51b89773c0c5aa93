using System.Reflection;

namespace MediaAspire.AppHost.Hosting;

/// <summary>The build outputs of the referenced service projects, recorded at build time (see the csproj).</summary>
public static class ProjectPaths
{
    public static string Of(string resourceName) =>
        typeof(ProjectPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == $"project:{resourceName}")?.Value
        ?? throw new InvalidOperationException($"No project named '{resourceName}' is referenced by the AppHost.");
}
