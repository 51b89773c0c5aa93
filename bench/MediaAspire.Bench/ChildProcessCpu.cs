using System.Runtime.InteropServices;

namespace MediaAspire.Bench;

/// <summary>
/// CPU time (user + system) used so far by this process's finished child processes (getrusage
/// RUSAGE_CHILDREN): what ffmpeg runs cost in work, unaffected by how busy a shared machine is.
/// </summary>
public static class ChildProcessCpu
{
    private const int RusageChildren = -1;

    public static TimeSpan Total()
    {
        if (!OperatingSystem.IsLinux()) return TimeSpan.Zero;
        // struct rusage on 64-bit Linux: ru_utime and ru_stime (two timevals of two longs each), then 14 longs.
        var usage = new long[18];
        if (GetRUsage(RusageChildren, usage) != 0) return TimeSpan.Zero;
        return TimeSpan.FromSeconds(usage[0] + usage[1] / 1e6 + usage[2] + usage[3] / 1e6);
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRUsage(int who, [Out] long[] usage);
}
