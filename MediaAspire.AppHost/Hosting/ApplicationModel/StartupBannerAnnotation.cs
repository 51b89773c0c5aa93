namespace MediaAspire.AppHost.Hosting;

/// <summary>The annotated parameter's value is printed, as <see cref="Label"/>, once every resource is healthy
/// (e.g. the admin key a local user needs for the first request).</summary>
public sealed record StartupBannerAnnotation(string Label);
