using k8s.Models;

namespace MediaAspire.Hosting.Kubernetes.Models;

/// <summary>A KEDA <c>ScaledObject</c> (keda.sh/v1alpha1), the fields the publisher writes.</summary>
public sealed class KedaScaledObject
{
    public const string Version = "keda.sh/v1alpha1";

    public string ApiVersion { get; set; } = Version;
    public string Kind { get; set; } = "ScaledObject";
    public V1ObjectMeta Metadata { get; set; } = new();
    public ScaledObjectSpec Spec { get; set; } = new();

    public sealed class ScaledObjectSpec
    {
        /// <summary>The Deployment scaled (same namespace).</summary>
        public ScaleTarget ScaleTargetRef { get; set; } = new();
        public int MinReplicaCount { get; set; }
        public int MaxReplicaCount { get; set; }
        public List<Trigger> Triggers { get; set; } = [];
    }

    public sealed class ScaleTarget
    {
        public string Name { get; set; } = "";
    }

    public sealed class Trigger
    {
        public string Type { get; set; } = "";

        /// <summary>The scaler's settings, all strings (see the scaler's documentation for the names).</summary>
        public Dictionary<string, string> Metadata { get; set; } = [];

        /// <summary>A <see cref="KedaTriggerAuthentication"/> in the same namespace.</summary>
        public AuthenticationReference? AuthenticationRef { get; set; }
    }

    public sealed class AuthenticationReference
    {
        public string Name { get; set; } = "";
    }
}
