using System.Net.Sockets;
using MediaAspire.Hosting.LiveIngest;
using MediaAspire.Hosting.LocalServices;

namespace MediaAspire.Tests.Infrastructure.Servers;

/// <summary>nginx with Debian's rtmp module as a child process, on the conf the AppHost generates (<see cref="NginxRtmpConfig"/>),
/// calling back the API at <c>hookBaseUrl</c>.</summary>
public sealed class NginxRtmpServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private NginxRtmpServer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>As the app model references it (<c>services__rtmp__rtmp__0</c>).</summary>
    public string Url => $"rtmp://127.0.0.1:{Port}";

    public string RecentOutput => _process.RecentOutput;

    public static async Task<NginxRtmpServer> StartAsync(string directory, int port, string hookBaseUrl)
    {
        var nginx = HostPrograms.OnPath("nginx", "nginx-light libnginx-mod-rtmp", "/usr/sbin:" + Environment.GetEnvironmentVariable("PATH"));
        Directory.CreateDirectory(directory);
        var conf = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(conf, NginxRtmpConfig.Render(port, hookBaseUrl, NginxRtmpConfig.DebianModule, directory));
        var process = ChildProcess.Start(nginx, ["-c", conf, "-p", directory, "-e", "stderr"], stopSignal: Signals.SIGTERM);
        var server = new NginxRtmpServer(process, port);
        try
        {
            await Wait.UntilAsync(async () =>
            {
                if (process.HasExited) throw new InvalidOperationException($"nginx exited:\n{process.RecentOutput}");
                using var client = new TcpClient();
                try
                {
                    await client.ConnectAsync("127.0.0.1", port);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(20), () => $"nginx-rtmp to listen on {port}:\n{process.RecentOutput}", TimeSpan.FromMilliseconds(50));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    public async ValueTask DisposeAsync() => await _process.DisposeAsync();
}
