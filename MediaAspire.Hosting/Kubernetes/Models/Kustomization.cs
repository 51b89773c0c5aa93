namespace MediaAspire.Hosting.Kubernetes.Models;

/// <summary>A <c>kustomization.yaml</c> (kustomize.config.k8s.io/v1beta1), the fields the publisher writes.</summary>
public sealed class Kustomization
{
    public const string Version = "kustomize.config.k8s.io/v1beta1";

    public string ApiVersion { get; set; } = Version;
    public string Kind { get; set; } = nameof(Kustomization);
    public List<LabelSet>? Labels { get; set; }

    /// <summary>Files or directories (other kustomizations) holding the objects.</summary>
    public List<string> Resources { get; set; } = [];

    /// <summary>Strategic-merge patches, each a file naming the object it patches by kind and name.</summary>
    public List<Patch>? Patches { get; set; }

    public List<ImageOverride>? Images { get; set; }

    public sealed class LabelSet
    {
        public Dictionary<string, string> Pairs { get; set; } = [];
    }

    public sealed class Patch
    {
        public string Path { get; set; } = "";
    }

    /// <summary>Replaces the tag of every container image named <see cref="Name"/>.</summary>
    public sealed class ImageOverride
    {
        public string Name { get; set; } = "";
        public string NewTag { get; set; } = "";
    }
}
