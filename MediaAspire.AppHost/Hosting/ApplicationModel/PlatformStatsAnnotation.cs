namespace MediaAspire.AppHost.Hosting;

/// <summary>The dashboard shows the numbers the annotated project serves at <see cref="Path"/> (JSON), read with
/// <see cref="ApiKey"/> sent in the <see cref="ApiKeyHeader"/> header.</summary>
public sealed record PlatformStatsAnnotation(string Path, string ApiKeyHeader, ParameterResource ApiKey);
