namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// A value supplied from configuration (<c>Parameters:{name}</c>) or, for generated secrets, created
/// once and kept in the state directory so it stays stable across runs (and across publishes).
/// </summary>
public sealed class ParameterResource(string name, Func<string> resolve, bool secret, bool generated) : Resource(name)
{
    private readonly Lazy<string> _value = new(resolve);

    public override string Type => "Parameter";
    public bool Secret { get; } = secret;

    /// <summary>Generated when not configured (deployment tools generate their own).</summary>
    public bool Generated { get; } = generated;
    public string Value => _value.Value;
}
