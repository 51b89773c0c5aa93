namespace MediaAspire.AppHost.Hosting;

/// <summary>A resource cannot reach a healthy state, so what waits for it never will.</summary>
public sealed class ResourceFailedException(string resource, string reason) : Exception($"{resource} cannot start: {reason}");
