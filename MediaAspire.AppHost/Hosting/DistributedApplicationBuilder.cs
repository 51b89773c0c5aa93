using Microsoft.Extensions.Configuration;

namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// Collects the application model, as Aspire's builder does. Configuration comes from the AppHost's
/// appsettings.json, environment variables and the command line (<c>--Key=value</c>).
/// </summary>
public sealed class DistributedApplicationBuilder
{
    internal DistributedApplicationBuilder(string[] args)
    {
        Args = args;
        Configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=')).ToArray())
            .Build();
        Options = DistributedApplicationOptions.From(Configuration, args);
        State = StateDirectory.Resolve(Options.StateDirectory);
    }

    public string[] Args { get; }
    public IConfiguration Configuration { get; }
    public DistributedApplicationOptions Options { get; }
    public StateDirectory State { get; }
    public List<Resource> Resources { get; } = [];

    public IResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (Resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        Resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    public DistributedApplication Build()
    {
        var app = new DistributedApplication(this);
        DistributedApplicationTestingHooks.OnBuilt(app);
        return app;
    }
}

public interface IResourceBuilder<out T> where T : Resource
{
    T Resource { get; }
    DistributedApplicationBuilder ApplicationBuilder { get; }
}

internal sealed class ResourceBuilder<T>(T resource, DistributedApplicationBuilder builder) : IResourceBuilder<T> where T : Resource
{
    public T Resource { get; } = resource;
    public DistributedApplicationBuilder ApplicationBuilder { get; } = builder;
}
