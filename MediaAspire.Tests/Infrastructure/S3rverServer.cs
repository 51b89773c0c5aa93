using System.Net.Sockets;
using MediaAspire.Tests.Infrastructure.Servers;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>
/// A real S3-protocol server (npm <c>s3rver</c>, installed under <c>tools/s3rver</c> by
/// <c>scripts/install-node-tools.sh</c>) on a loopback port with its data in a directory: the S3 storage
/// path without a cloud account or a MinIO binary, for the storage tests (the AppHost's run mode stores objects in a directory).
/// </summary>
public sealed class S3rverServer : IAsyncDisposable
{
    /// <summary>s3rver accepts exactly this key pair.</summary>
    public const string Credentials = "S3RVER";

    private readonly ChildProcess _process;

    private S3rverServer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>An Aspire MinIO-style connection string for <paramref name="bucket"/>.</summary>
    public string ConnectionString(string bucket) =>
        $"Endpoint={Endpoint};AccessKey={Credentials};SecretKey={Credentials};Bucket={bucket}";

    public static async Task<S3rverServer> StartAsync(string repositoryRoot, string dataDirectory, int port, CancellationToken cancellationToken = default)
    {
        var script = Path.Combine(repositoryRoot, "tools", "s3rver", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
            throw new InvalidOperationException($"{script} is missing: run scripts/install-node-tools.sh (./test.sh does).");
        Directory.CreateDirectory(dataDirectory);
        var process = ChildProcess.Start("node", [script, "-d", dataDirectory, "-p", port.ToString(), "-a", "127.0.0.1", "--silent"]);
        var server = new S3rverServer(process, port);

        // --silent prints nothing, so readiness is the port accepting connections.
        var refused = "";
        try
        {
            await Wait.UntilAsync(async () =>
            {
                if (process.HasExited) throw new InvalidOperationException($"s3rver exited during start-up:\n{process.RecentOutput}");
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync("127.0.0.1", port, cancellationToken);
                    return true;
                }
                catch (SocketException e)
                {
                    refused = e.Message;
                    return false;
                }
            }, TimeSpan.FromSeconds(30), () => $"s3rver to accept connections on port {port} (last: {refused})", TimeSpan.FromMilliseconds(100), cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await _process.DisposeAsync();
}
