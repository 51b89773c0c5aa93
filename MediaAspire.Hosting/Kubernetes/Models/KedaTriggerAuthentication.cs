using k8s.Models;

namespace MediaAspire.Hosting.Kubernetes.Models;

/// <summary>A KEDA <c>TriggerAuthentication</c> (keda.sh/v1alpha1): scaler parameters read from Secrets.</summary>
public sealed class KedaTriggerAuthentication
{
    public string ApiVersion { get; set; } = KedaScaledObject.Version;
    public string Kind { get; set; } = "TriggerAuthentication";
    public V1ObjectMeta Metadata { get; set; } = new();
    public TriggerAuthenticationSpec Spec { get; set; } = new();

    public sealed class TriggerAuthenticationSpec
    {
        public List<SecretTarget> SecretTargetRef { get; set; } = [];
    }

    /// <summary>The scaler's <see cref="Parameter"/> (e.g. <c>password</c>) is <see cref="Key"/> of Secret <see cref="Name"/>.</summary>
    public sealed class SecretTarget
    {
        public string Parameter { get; set; } = "";
        public string Name { get; set; } = "";
        public string Key { get; set; } = "";
    }
}
