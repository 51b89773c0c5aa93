namespace MediaAspire.AppHost.Hosting;

/// <summary>A .NET project of this solution, run from its build output (locally) or its image (published).</summary>
public sealed class ProjectResource(string name, string assemblyPath) : Resource(name), IRunnableResource
{
    public override string Type => "Project";

    /// <summary>The built <c>.dll</c>, run with <c>dotnet</c>.</summary>
    public string AssemblyPath { get; } = assemblyPath;

    public int Replicas => AnnotationsOf<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;

    public EndpointAnnotation? HttpEndpoint => AnnotationsOf<EndpointAnnotation>().FirstOrDefault(e => e.Name == "http");
}
