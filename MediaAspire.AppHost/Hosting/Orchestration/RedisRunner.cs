using System.Net.Sockets;
using System.Text;

namespace MediaAspire.AppHost.Hosting;

/// <summary>Runs redis-server (found on the search path); healthy when it answers AUTH + PING.</summary>
internal sealed class RedisRunner(RedisResource resource, StateDirectory state, string? searchPath) : IInstanceRunner
{
    public async Task<ChildProcess> StartAsync(ResourceInstance instance, CancellationToken cancellationToken) =>
        (await RedisServer.StartAsync(state.Sub(resource.Name), instance.Port!.Value, resource.Password.Value,
            durable: true, instance.Logs.Append, searchPath, cancellationToken)).Process;

    /// <summary>AUTH + PING over RESP; the AppHost needs no Redis client library for that.</summary>
    public async Task<HealthResult> CheckHealthAsync(ResourceInstance instance, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", instance.Port!.Value, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"AUTH {resource.Password.Value}\r\nPING\r\n"), timeout.Token);
            var buffer = new byte[256];
            var received = new StringBuilder();
            while (!received.ToString().Contains("PONG") && !received.ToString().Contains("-"))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0) break;
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            var reply = received.ToString();
            return reply.Contains("+PONG") ? HealthResult.Healthy : HealthResult.Unhealthy($"Redis answered: {reply.Trim()}");
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return HealthResult.Unhealthy($"Redis: {e.Message}");
        }
    }
}
