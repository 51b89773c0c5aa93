using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace MediaAspire.Hosting;

public static class ProjectResourceBuilderExtensions
{
    /// <summary>
    /// Hands the AppHost's <c>{section}:…</c> settings (command line, appsettings) to the project as its
    /// <c>{section}__…</c> environment, so <c>./run.sh --Renditions:HlsEnabled=true</c> reaches the worker.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithConfigurationSection(this IResourceBuilder<ProjectResource> builder,
        IConfiguration configuration, string section) =>
        builder.WithEnvironment(context =>
        {
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable())
                if (value is not null) context.EnvironmentVariables[key.Replace(":", "__")] = value;
        });

    /// <summary>
    /// A dashboard command that POSTs to <paramref name="path"/> with the admin key (e.g. start a backfill): an
    /// operator action belongs beside the resource, and the key never leaves the AppHost.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAdminCommand(this IResourceBuilder<ProjectResource> builder,
        string name, string displayName, string path, IResourceBuilder<ParameterResource> adminKey) =>
        builder.WithHttpCommand(path, displayName, commandName: name, commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            Description = $"POST {path} with the admin key",
            IconName = "Play",
            PrepareRequest = async context =>
                context.Request.Headers.Add("X-Api-Key", await adminKey.Resource.GetValueAsync(context.CancellationToken)),
        });
}
