using Aspire.Hosting.ApplicationModel;

namespace MediaAspire.Hosting.Kubernetes;

/// <summary>Where the projects' images are pushed: <c>{registry}/mediaaspire-{name}:{tag}</c> (the
/// <c>ContainerRepository</c> each project's build sets).</summary>
internal sealed record KubernetesImages(string Registry, string Tag)
{
    public string Name(ProjectResource project) => $"{Registry}/mediaaspire-{project.Name}";

    public string Of(ProjectResource project) => $"{Name(project)}:{Tag}";
}
