namespace MediaAspire.AppHost.Hosting;

/// <summary>An environment variable whose value is computed when the resource starts; a parameter's
/// value when <see cref="Parameter"/> is set (publishers then write a reference, not the secret).</summary>
public sealed class EnvironmentAnnotation(string name, Func<string> value, ParameterResource? parameter = null)
{
    public string Name { get; } = name;
    public Func<string> Value { get; } = value;
    public ParameterResource? Parameter { get; } = parameter;
}
