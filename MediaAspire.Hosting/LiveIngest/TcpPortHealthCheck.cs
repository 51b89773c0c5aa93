using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MediaAspire.Hosting.LiveIngest;

/// <summary>Healthy once something accepts TCP connections on the port (nginx answers RTMP only after a handshake).</summary>
internal sealed class TcpPortHealthCheck(int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException e)
        {
            return HealthCheckResult.Unhealthy($"nothing listens on port {port}: {e.Message}");
        }
    }
}
