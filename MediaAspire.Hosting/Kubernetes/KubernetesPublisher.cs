using System.Text;
using Aspire.Hosting.ApplicationModel;
using k8s;
using k8s.Models;
using MediaAspire.Hosting.Kubernetes.Models;

namespace MediaAspire.Hosting.Kubernetes;

/// <summary>
/// Walks Aspire's <see cref="DistributedApplicationModel"/> (publish mode) and writes a kustomize base, built from
/// KubernetesClient's typed models, plus two overlays: <c>gpu</c> and <c>autoscale</c> (see
/// <see cref="KubernetesOverlays"/>). Projects and containers become workloads (<see cref="KubernetesWorkloads"/>),
/// secret parameters one Secret; values are resolved with in-cluster DNS names (<see cref="KubernetesValues"/>).
/// </summary>
internal sealed class KubernetesPublisher(DistributedApplicationModel model, KubernetesValues values, KubernetesWorkloads workloads,
    KubernetesImages images)
{
    public const string ParametersSecret = "mediaaspire-parameters";

    /// <summary>The files of the tree, by path relative to the output directory.</summary>
    public async Task<SortedDictionary<string, string>> RenderAsync(CancellationToken cancellationToken)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var baseResources = new List<string> { "parameters-secret.yaml" };
        foreach (var resource in model.Resources.Where(r => !r.IsExcludedFromPublish()))
        {
            switch (resource)
            {
                case ProjectResource or ContainerResource:
                    files[$"base/{resource.Name}.yaml"] = Yaml(await workloads.ForAsync(resource, cancellationToken));
                    baseResources.Add($"{resource.Name}.yaml");
                    break;
                case ExecutableResource:
                    throw new NotSupportedException($"{resource.Name} is an executable: only projects and containers can be published to Kubernetes.");
                // Parameters (the Secret above) and values such as a database's connection string live in their users' environment.
            }
        }
        files["base/kustomization.yaml"] = Yaml(new Kustomization
        {
            Labels = [new Kustomization.LabelSet { Pairs = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "mediaaspire" } }],
            Resources = baseResources,
        });
        var overlays = new KubernetesOverlays(model, values, images);
        foreach (var (path, content) in overlays.Gpu()) files[path] = content;
        await foreach (var (path, content) in overlays.AutoscaleAsync(cancellationToken)) files[path] = content;
        // Last: the workloads and overlays have resolved every parameter they use.
        files["base/parameters-secret.yaml"] = Yaml(await ParameterSecretAsync(cancellationToken));
        return files;
    }

    public async Task PublishAsync(string outputDirectory, CancellationToken cancellationToken)
    {
        foreach (var (path, content) in await RenderAsync(cancellationToken))
        {
            var full = Path.Combine(outputDirectory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, content, cancellationToken);
        }
    }

    /// <summary>
    /// Every secret parameter by name, the model's and those only its resources use: what the generated passwords and
    /// keys are, for an operator to read back and for KEDA to authenticate with.
    /// </summary>
    private async Task<V1Secret> ParameterSecretAsync(CancellationToken cancellationToken)
    {
        foreach (var parameter in model.Resources.OfType<ParameterResource>().Where(p => p.Secret))
            await values.ParameterValueAsync(parameter, cancellationToken);
        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = ParametersSecret },
            Type = "Opaque",
            StringData = values.SecretParameters.ToDictionary(),
        };
    }

    internal static string Yaml(params object[] documents)
    {
        var text = new StringBuilder();
        foreach (var document in documents)
        {
            if (text.Length > 0) text.Append("---\n");
            text.Append(KubernetesYaml.Serialize(document).TrimEnd()).Append('\n');
        }
        return text.ToString();
    }
}
