using System.Runtime.InteropServices;

namespace MediaAspire.Tests.Infrastructure.Servers;

/// <summary>POSIX signals, which .NET's Process cannot send: servers shut down cleanly on SIGTERM/SIGINT, not on a kill.</summary>
internal static partial class Signals
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static void Send(int pid, int signal) => Kill(pid, signal);

    public static string Name(int signal) => signal switch
    {
        SIGINT => "INT",
        SIGKILL => "KILL",
        SIGTERM => "TERM",
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Unsupported signal."),
    };
}
