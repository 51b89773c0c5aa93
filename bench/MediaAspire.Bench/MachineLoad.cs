namespace MediaAspire.Bench;

/// <summary>The machine's load when a benchmark ran: on a shared machine, absolute times mean little without it.</summary>
public static class MachineLoad
{
    /// <summary>"load average 1.21 0.98 0.75" (1, 5 and 15 minutes), or "load unknown" off Linux.</summary>
    public static string Now() => File.Exists("/proc/loadavg")
        ? "load average " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
        : "load unknown";
}
