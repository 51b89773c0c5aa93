using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace MediaAspire.Hosting.LocalServices;

/// <summary>Finding Debian's server binaries and the user to run them as (the AppHost, and the test suite's servers).</summary>
public static class HostPrograms
{
    /// <summary>Running with the effective user id 0 (PostgreSQL then has to be run as its own user).</summary>
    public static bool IsRoot => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    /// <summary>The newest <c>/usr/lib/postgresql/N/bin</c> that has a <c>postgres</c>.</summary>
    public static string PostgresBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return bin ?? throw Missing("PostgreSQL", "postgresql");
    }

    /// <summary>The first executable <paramref name="program"/> on the search path, as a shell would find it.</summary>
    /// <param name="searchPath">Directories separated by ':'; null: this process's PATH.</param>
    /// <exception cref="DistributedApplicationMissingProgramException">There is none; the message names <paramref name="package"/>.</exception>
    public static string OnPath(string program, string package, string? searchPath = null) =>
        (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program))
            .FirstOrDefault(IsExecutable)
        ?? throw Missing(program, package);

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);

    /// <summary>A port nobody listens on now. Local servers are not proxied (DCP needs the port up front), so the
    /// AppHost picks one per start unless a setting fixes it.</summary>
    /// <remarks>Picked below the kernel's ephemeral range (<c>ip_local_port_range</c>): a port the kernel hands out (port
    /// 0) is one any outgoing connection may take as its own local port before the server binds it, which happened to
    /// a test's API under load ("address already in use"); below that range only another listener can take it.</remarks>
    public static int FreePort()
    {
        var below = EphemeralRangeStart();
        for (var attempt = 0; attempt < 100 && below > 10_000; attempt++)
        {
            var candidate = Random.Shared.Next(10_000, below);
            if (IsFree(candidate)) return candidate;
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Linux's first ephemeral port (32768 by default), or the IANA range's start elsewhere.</summary>
    private static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0], out var start)
            ? start
            : 49152;
    }

    private static DistributedApplicationMissingProgramException Missing(string program, string package) =>
        new($"{program} is not installed: run 'sudo apt-get install {package}' (or ./run.sh, which installs what is missing).");
}

/// <summary>A server binary the local run needs is not installed; the message says which package brings it.</summary>
public sealed class DistributedApplicationMissingProgramException(string message) : Exception(message);
