using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using MediaAspire.Hosting.Deployment;
using MediaAspire.Hosting.LocalServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MediaAspire.Hosting.LiveIngest;

public static class RtmpIngestBuilderExtensions
{
    /// <summary>The published image (deploy/nginx-rtmp/Dockerfile), in the registry and with the tag the projects' images have.</summary>
    public const string ImageName = "mediaaspire-rtmp";

    /// <summary>
    /// RTMP ingest under <paramref name="name"/>, its endpoint <c>rtmp</c> (services reference it as
    /// <c>services__{name}__rtmp__0</c>), calling back <paramref name="api"/>'s <c>http</c> endpoint to authorise
    /// publishers. Run locally: Debian's nginx as a host process on a generated conf. Published: a container with its
    /// own Service on 1935, the same conf handed to it in an environment variable.
    /// </summary>
    public static IResourceBuilder<IResourceWithEndpoints> AddRtmpIngest(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ProjectResource> api, int? port = null)
    {
        var hooks = api.GetEndpoint("http");
        if (builder.UsesContainers())
        {
            // The conf names the API's URL as the cluster resolves it; the image writes it out and runs nginx on it.
            var conf = NginxRtmpConfig.Render(NginxRtmpConfig.DefaultPort, HookPlaceholder, NginxRtmpConfig.DebianModule, runDirectory: "/tmp").Split(HookPlaceholder);
            var expression = new ReferenceExpressionBuilder();
            for (var i = 0; i < conf.Length; i++)
            {
                if (i > 0) expression.Append($"{hooks.Property(EndpointProperty.Url)}");
                // A literal of a reference expression is a format string: nginx's braces are doubled to stay braces.
                expression.AppendLiteral(conf[i].Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
            }
            return builder.AddContainer(name, $"{builder.Configuration["Publish:Registry"] ?? "mediaaspire"}/{ImageName}", builder.Configuration["Publish:Tag"] ?? "latest")
                .WithEnvironment("NGINX_RTMP_CONF", expression.Build())
                .WithEndpoint(port: NginxRtmpConfig.DefaultPort, targetPort: NginxRtmpConfig.DefaultPort, scheme: "rtmp", name: HostNginxRtmpResource.EndpointName)
                .WithComputeResources("100m", "64Mi", "2", "512Mi");
        }

        var nginx = BackingServiceExtensions.OrExit(() => HostPrograms.OnPath("nginx", "nginx-light libnginx-mod-rtmp", "/usr/sbin:/usr/local/sbin:" + Environment.GetEnvironmentVariable("PATH")));
        if (!File.Exists(NginxRtmpConfig.DebianModule))
            BackingServiceExtensions.OrExit<string>(() => throw new DistributedApplicationMissingProgramException(
                $"nginx's rtmp module is not installed ({NginxRtmpConfig.DebianModule}): run 'sudo apt-get install libnginx-mod-rtmp' (or ./run.sh)."));
        var directory = builder.GetStateDirectory().Sub(name);
        Directory.CreateDirectory(directory);
        var confPath = Path.Combine(directory, "nginx.conf");
        var listenPort = port ?? HostPrograms.FreePort();
        var server = new HostNginxRtmpResource(name, nginx, directory);
        // The API's URL is known once its endpoint is allocated, just before nginx starts.
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (_, ct) =>
            await File.WriteAllTextAsync(confPath, NginxRtmpConfig.Render(listenPort, await hooks.GetValueAsync(ct) ?? "", NginxRtmpConfig.DebianModule, directory), ct));
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            healthCheckKey, _ => new TcpPortHealthCheck(listenPort), null, null));
        return builder.AddResource(server)
            .WithEndpoint(port: listenPort, targetPort: listenPort, scheme: "rtmp", name: HostNginxRtmpResource.EndpointName, isProxied: false)
            // -e: the log nginx opens before reading the conf (else /var/log/nginx, which may not be writable).
            .WithArgs("-c", confPath, "-p", directory, "-e", "stderr")
            .WithIconName("Video")
            .WithHealthCheck(healthCheckKey);
    }

    private const string HookPlaceholder = "@@API_URL@@";
}
