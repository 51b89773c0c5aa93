namespace MediaAspire.AppHost.Hosting;

/// <summary>The built model: resources, their instances (replicas) and their assigned ports.</summary>
public sealed class DistributedApplicationModel
{
    public DistributedApplicationModel(IReadOnlyList<Resource> resources)
    {
        Resources = resources;
        Instances = resources.SelectMany(CreateInstances).ToList();
        StartOrder = DependencyOrder().SelectMany(InstancesOf).ToList();
    }

    public IReadOnlyList<Resource> Resources { get; }
    public IReadOnlyList<ResourceInstance> Instances { get; }

    /// <summary>The instances, every one after what it waits for or references (declaration order otherwise):
    /// the order they are started in, and stopped in reverse.</summary>
    public IReadOnlyList<ResourceInstance> StartOrder { get; }

    public T Get<T>(string name) where T : Resource =>
        Resources.OfType<T>().SingleOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"No {typeof(T).Name} named '{name}'.");

    public IEnumerable<ResourceInstance> InstancesOf(Resource resource) => Instances.Where(i => i.Resource == resource);

    /// <summary>Gives every endpoint a port (the fixed one, else a free one; extra replicas always free ones).</summary>
    public void AssignPorts()
    {
        foreach (var instance in Instances)
        {
            if (instance.Port is not null) continue;
            var endpoint = instance.Resource.AnnotationsOf<EndpointAnnotation>().FirstOrDefault();
            if (endpoint is null) continue;
            if (instance.ReplicaIndex == 0 && endpoint.Port is { } fixedPort)
            {
                if (!FreePort.IsFree(fixedPort)) throw new PortInUseException(instance.Name, fixedPort);
                instance.Port = fixedPort;
                instance.PortIsFixed = true;
            }
            else
            {
                instance.Port = FreePort.Next();
            }
            SetUrls(instance, endpoint);
            if (instance.ReplicaIndex == 0) endpoint.Port ??= instance.Port;
        }
    }

    /// <summary>
    /// Moves an instance to a new free port when another process took its assigned one after
    /// <see cref="AssignPorts"/> (free ports are only free when looked at). A configured port stays: the user asked
    /// for it. Connection strings and service URLs are computed at each start, so dependants that start later see
    /// the new port.
    /// </summary>
    /// <returns>The port given up, or null when nothing moved.</returns>
    public int? MoveIfPortTaken(ResourceInstance instance)
    {
        if (instance.Port is not { } port || instance.PortIsFixed || FreePort.IsFree(port)) return null;
        var endpoint = instance.Resource.AnnotationsOf<EndpointAnnotation>().First();
        instance.Port = FreePort.Next();
        SetUrls(instance, endpoint);
        if (instance.ReplicaIndex == 0) endpoint.Port = instance.Port;
        return port;
    }

    private static void SetUrls(ResourceInstance instance, EndpointAnnotation endpoint) =>
        instance.Urls = endpoint.Scheme == "http" ? [$"http://localhost:{instance.Port}"] : [$"{endpoint.Scheme}://127.0.0.1:{instance.Port}"];

    /// <summary>Per endpoint name, the URL of every replica, for service discovery.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> EndpointUrls(ProjectResource project) =>
        project.AnnotationsOf<EndpointAnnotation>().ToDictionary(
            e => e.Name,
            e => (IReadOnlyList<string>)InstancesOf(project).Select(i => $"{e.Scheme}://localhost:{i.Port}").ToList());

    /// <summary>Runnable resources sorted so that dependencies (WaitFor, WithReference; a database stands for its server) come first.</summary>
    private List<Resource> DependencyOrder()
    {
        var runnable = Resources.Where(r => r is IRunnableResource).ToList();
        var ordered = new List<Resource>();
        var visiting = new HashSet<Resource>();
        void Visit(Resource resource)
        {
            if (ordered.Contains(resource)) return;
            if (!visiting.Add(resource)) throw new InvalidOperationException($"{resource} depends on itself through its references.");
            foreach (var dependency in Dependencies(resource)) Visit(dependency);
            visiting.Remove(resource);
            ordered.Add(resource);
        }
        foreach (var resource in runnable) Visit(resource);
        return ordered;
    }

    private static IEnumerable<Resource> Dependencies(Resource resource) =>
        resource.AnnotationsOf<WaitAnnotation>().Select(w => w.Target)
            .Concat(resource.AnnotationsOf<ReferenceAnnotation>().Select(r => r.Target))
            .Select(t => t is IResourceWithParent child ? child.Parent : t)
            .Where(t => t is IRunnableResource && t != resource)
            .Distinct();

    private static IEnumerable<ResourceInstance> CreateInstances(Resource resource) => resource switch
    {
        ProjectResource { Replicas: > 1 } project => Enumerable.Range(0, project.Replicas).Select(i => new ResourceInstance(resource, $"{resource.Name}-{i}", i)),
        IRunnableResource => [new ResourceInstance(resource, resource.Name, 0)],
        _ => [],
    };
}
