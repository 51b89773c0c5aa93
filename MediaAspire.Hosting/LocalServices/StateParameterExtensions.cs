using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace MediaAspire.Hosting.LocalServices;

public static class StateParameterExtensions
{
    /// <summary>The state directory of a local run: <c>--StateDirectory</c>, else <c>MEDIAASPIRE_STATE_DIR</c>, else the
    /// per-user default (see <see cref="StateDirectory"/>).</summary>
    public static StateDirectory GetStateDirectory(this IDistributedApplicationBuilder builder) =>
        StateDirectory.Resolve(builder.Configuration["StateDirectory"] ?? Environment.GetEnvironmentVariable("MEDIAASPIRE_STATE_DIR"));

    /// <summary>
    /// A secret parameter: <c>Parameters:{name}</c> when configured, else in run mode a value generated once and kept in
    /// the state directory (PostgreSQL's and Redis's data were set up with it), else in publish mode a generated
    /// parameter (the manifest asks the deployment tool to generate it).
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(this IDistributedApplicationBuilder builder, string name)
    {
        if (builder.ExecutionContext.IsPublishMode)
            return builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
        var configured = builder.Configuration[$"Parameters:{name}"];
        var state = builder.GetStateDirectory();
        return builder.AddResource(new ParameterResource(name, _ => configured ?? state.Secret(name), secret: true));
    }
}
