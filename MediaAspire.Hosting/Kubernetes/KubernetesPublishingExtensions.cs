#pragma warning disable ASPIREPIPELINES001 // Aspire 13's publishing pipeline (steps, PipelineOptions) is experimental, and the only way to add a publisher.

using Aspire.Hosting;
using Aspire.Hosting.Pipelines;
using MediaAspire.Hosting.LocalServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MediaAspire.Hosting.Kubernetes;

public static class KubernetesPublishingExtensions
{
    public const string PublisherName = "kubernetes";
    public const string StepName = "publish-kubernetes";

    /// <summary>
    /// Adds the <c>publish-kubernetes</c> pipeline step, which writes the kustomize tree (see deploy/README.md) to
    /// <c>--output-path</c>: run by <c>--publisher kubernetes --output-path DIR</c> (as Aspire itself maps
    /// <c>--publisher manifest</c> to its <c>publish-manifest</c> step) and, being required by Aspire's <c>publish</c>
    /// step, by <c>--operation publish --step publish</c> (what <c>aspire publish</c> runs).
    /// </summary>
    /// <remarks>
    /// The step does not depend on Aspire's <c>process-parameters</c>: it resolves parameters itself (configuration,
    /// which includes Aspire's deployment state when a full pipeline left one, else generated once into the state
    /// directory), and that step would also copy every secret into <c>~/.aspire/deployments</c>.
    /// </remarks>
    public static IDistributedApplicationBuilder AddKubernetesPublishing(this IDistributedApplicationBuilder builder)
    {
        if (string.Equals(builder.Configuration["Publishing:Publisher"], PublisherName, StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrEmpty(builder.Configuration["Pipeline:Step"]))
            builder.Configuration["Pipeline:Step"] = StepName;

        var step = new PipelineStep
        {
            Name = StepName,
            Description = "Writes the app model as Kubernetes manifests: a kustomize base and the gpu and autoscale overlays.",
            Action = async context =>
            {
                try
                {
                    await PublishAsync(builder, context);
                }
                catch
                {
                    // Aspire 13.6 logs a failed step but `dotnet run` still exits 0 (the pipeline runs in a hosted
                    // service); a deployment script must see the failure.
                    Environment.ExitCode = 1;
                    throw;
                }
            },
        };
        step.RequiredBy(WellKnownPipelineSteps.Publish);
        builder.Pipeline.AddStep(step);
        return builder;
    }

    private static async Task PublishAsync(IDistributedApplicationBuilder builder, PipelineStepContext context)
    {
        var outputPath = context.Services.GetRequiredService<IOptions<PipelineOptions>>().Value.OutputPath;
        if (string.IsNullOrWhiteSpace(outputPath))
            throw new DistributedApplicationException("The Kubernetes publisher needs '--output-path <directory>' (it writes base/ and overlays/ there).");
        var output = Path.GetFullPath(outputPath);
        if (File.Exists(output))
            throw new DistributedApplicationException($"--output-path {output} is a file; the Kubernetes publisher writes a directory.");

        var configuration = context.Services.GetRequiredService<IConfiguration>();
        var images = new KubernetesImages(configuration["Publish:Registry"] ?? "mediaaspire", configuration["Publish:Tag"] ?? "latest");
        var values = new KubernetesValues(configuration, builder.GetStateDirectory);
        var publisher = new KubernetesPublisher(context.Model, values, new KubernetesWorkloads(values, context.ExecutionContext, images), images);
        await publisher.PublishAsync(output, context.CancellationToken);
        context.Logger.LogInformation("Wrote the Kubernetes manifests (kustomize base and overlays) to {OutputPath}", output);
    }
}
