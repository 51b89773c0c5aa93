namespace MediaAspire.AppHost.Hosting;

/// <summary>A resource that has a process (or processes) to run and whose state the orchestrator tracks.</summary>
public interface IRunnableResource
{
    string Name { get; }
}
