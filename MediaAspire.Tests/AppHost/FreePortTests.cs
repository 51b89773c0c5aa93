using System.Net;
using System.Net.Sockets;
using MediaAspire.Hosting.LocalServices;

namespace MediaAspire.Tests.AppHost;

/// <summary>The ports the local run and the tests' servers listen on: free, and outside the range outgoing connections
/// take their local ports from, so none can take one between the pick and the server's bind.</summary>
public sealed class FreePortTests
{
    [Fact]
    public void A_free_port_is_below_the_ephemeral_range_and_can_be_listened_on()
    {
        var ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0]);
        var ports = Enumerable.Range(0, 20).Select(_ => HostPrograms.FreePort()).ToList();

        Assert.All(ports, p => Assert.InRange(p, 10_000, ephemeralStart - 1));
        foreach (var port in ports)
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
        // Random picks, not one port again and again.
        Assert.True(ports.Distinct().Count() > 10, string.Join(", ", ports));
    }
}
