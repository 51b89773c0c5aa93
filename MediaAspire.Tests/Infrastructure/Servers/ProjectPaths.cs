namespace MediaAspire.Tests.Infrastructure.Servers;

/// <summary>Built assemblies run as separate processes: the services, by tests and benchmarks that need a bare service
/// without the AppHost, and the AppHost, by the publishing tests (the solution builds them in the same configuration as
/// the caller).</summary>
public static class ProjectPaths
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>The built AppHost (publish mode starts nothing, so publishing tests run it as it is).</summary>
    public static string AppHost { get; } = Path.Combine(RepositoryRoot.Path, "MediaAspire.AppHost", "bin", Configuration, "net10.0", "MediaAspire.AppHost.dll");

    /// <summary>The built assembly of <c>api</c> or <c>gpuworker</c>.</summary>
    public static string Of(string resourceName)
    {
        var project = resourceName switch
        {
            "api" => "MediaAspire.Api",
            "gpuworker" => "MediaAspire.GpuWorker",
            _ => throw new ArgumentOutOfRangeException(nameof(resourceName), resourceName, "Only api and gpuworker are services."),
        };
        return Path.Combine(RepositoryRoot.Path, project, "bin", Configuration, "net10.0", $"{project}.dll");
    }
}
