namespace MediaAspire.Tests.Infrastructure.Servers;

/// <summary>A port fixed in configuration is taken, most often by another AppHost still running.</summary>
public sealed class PortInUseException(string resource, int port, Exception? inner = null)
    : Exception($"Port {port} for {resource} is already in use (is another MediaAspire AppHost running?). " +
                $"Stop it, or choose another port: --Ports:{resource}=0 / --Dashboard:Port=0 picks a free one.", inner);
