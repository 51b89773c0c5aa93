using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace MediaAspire.Hosting.Kubernetes;

/// <summary>A value as a pod sees it, and whether a secret went into it (then it belongs in a Secret).</summary>
internal readonly record struct KubernetesValue(string Value, bool IsSecret);

/// <summary>
/// Resolves what the app model's environment and arguments hold (strings, <see cref="ReferenceExpression"/>s,
/// <see cref="EndpointReference"/>s, connection strings, parameters) to what a pod in the cluster needs: a resource's
/// endpoint is its Service, by DNS name, on the port the container listens on; a parameter is its value. The cases
/// are those of Aspire.Hosting.Kubernetes' <c>KubernetesResource.ProcessValueAsync</c>, resolved to values instead of
/// Helm expressions.
/// </summary>
internal sealed class KubernetesValues(IConfiguration configuration, Func<StateDirectory> state)
{
    /// <summary>A project's endpoint without a target port listens here (the port ASP.NET Core images default to).</summary>
    public const int DefaultProjectPort = 8080;

    private readonly Dictionary<string, string> _parameters = [];
    private readonly SortedDictionary<string, string> _secretParameters = new(StringComparer.Ordinal);

    /// <summary>Every secret parameter resolved so far, by name (Aspire's integrations keep theirs, e.g. a server's
    /// password, out of the model's resources: they are found through the values that use them).</summary>
    public IReadOnlyDictionary<string, string> SecretParameters => _secretParameters;

    /// <summary>
    /// A parameter's value: <c>Parameters:{name}</c> when configured; a generated one is generated once and kept in the
    /// state directory as <c>publish-{name}</c>, so publishing again writes the same manifests and never reuses the
    /// local run's secrets; anything else is Aspire's own value (its default).
    /// </summary>
    public async Task<string> ParameterValueAsync(ParameterResource parameter, CancellationToken cancellationToken)
    {
        if (_parameters.TryGetValue(parameter.Name, out var known)) return known;
        var key = $"Parameters:{parameter.Name}";
        var value = configuration[key]
            ?? (parameter.Default is GenerateParameterDefault ? state().Secret($"publish-{parameter.Name}") : null)
            ?? await parameter.GetValueAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Parameter '{parameter.Name}' has no value: set {key}.");
        if (parameter.Secret) _secretParameters[parameter.Name] = value;
        return _parameters[parameter.Name] = value;
    }

    public async Task<KubernetesValue> ResolveAsync(object? value, CancellationToken cancellationToken)
    {
        switch (value)
        {
            case null:
                return new("", false);
            case string text:
                return new(text, false);
            case ParameterResource parameter:
                return new(await ParameterValueAsync(parameter, cancellationToken), parameter.Secret);
            case ConnectionStringReference reference:
                return await ResolveAsync(reference.Resource.ConnectionStringExpression, cancellationToken);
            case IResourceWithConnectionString resource:
                return await ResolveAsync(resource.ConnectionStringExpression, cancellationToken);
            case EndpointReference endpoint:
                return new(EndpointValue(endpoint, EndpointProperty.Url), false);
            case EndpointReferenceExpression expression:
                return new(EndpointValue(expression.Endpoint, expression.Property), false);
            case ReferenceExpression { IsConditional: true } conditional:
                var condition = await ResolveAsync(conditional.Condition, cancellationToken);
                return await ResolveAsync(string.Equals(condition.Value, conditional.MatchValue, StringComparison.OrdinalIgnoreCase)
                    ? conditional.WhenTrue : conditional.WhenFalse, cancellationToken);
            case ReferenceExpression expression:
                var arguments = new object[expression.ValueProviders.Count];
                var isSecret = false;
                for (var i = 0; i < arguments.Length; i++)
                {
                    var part = await ResolveAsync(expression.ValueProviders[i], cancellationToken);
                    isSecret |= part.IsSecret;
                    arguments[i] = expression.StringFormats[i] is { } format ? Format(part.Value, format) : part.Value;
                }
                return new(string.Format(CultureInfo.InvariantCulture, expression.Format, arguments), isSecret);
            case IFormattable formattable:
                return new(formattable.ToString(null, CultureInfo.InvariantCulture), false);
            default:
                throw new NotSupportedException(
                    $"The Kubernetes publisher cannot resolve a {value.GetType().Name} ({(value as IManifestExpressionProvider)?.ValueExpression ?? value.ToString()}).");
        }
    }

    /// <summary>The port a resource's endpoint listens on in its container, which is also its Service's port.</summary>
    public static int TargetPort(EndpointAnnotation endpoint) => endpoint.TargetPort ?? endpoint.Port ?? DefaultProjectPort;

    /// <summary>
    /// A project's default https endpoint has no port of its own: in the cluster TLS ends at the ingress, and the
    /// container serves http only (Aspire sets HTTPS_PORTS only for other https endpoints), so it is the http one.
    /// </summary>
    public static EndpointAnnotation Served(IResource resource, EndpointAnnotation endpoint) =>
        resource is ProjectResource project && endpoint.TargetPort is null && endpoint.UriScheme == "https"
        && project.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.UriScheme == "http") is { } http
            ? http
            : endpoint;

    private static string EndpointValue(EndpointReference reference, EndpointProperty property)
    {
        var endpoint = Served(reference.Resource, reference.EndpointAnnotation);
        var host = reference.Resource.Name;
        var port = TargetPort(endpoint).ToString(CultureInfo.InvariantCulture);
        return property switch
        {
            EndpointProperty.Url => $"{endpoint.UriScheme}://{host}:{port}",
            EndpointProperty.Host or EndpointProperty.IPV4Host => host,
            EndpointProperty.Port or EndpointProperty.TargetPort => port,
            EndpointProperty.HostAndPort => $"{host}:{port}",
            EndpointProperty.Scheme => endpoint.UriScheme,
            EndpointProperty.TlsEnabled => endpoint.TlsEnabled ? bool.TrueString : bool.FalseString,
            _ => throw new NotSupportedException($"Endpoint property {property} of {host}/{reference.EndpointName} has no Kubernetes value."),
        };
    }

    // Aspire's one string format (FormattingHelpers.FormatValue): "uri" encodes a URI component.
    private static string Format(string value, string format) => format.ToLowerInvariant() switch
    {
        "uri" => Uri.EscapeDataString(value),
        _ => throw new NotSupportedException($"The string format '{format}' is not supported (only 'uri')."),
    };
}
