namespace MediaAspire.Tests.Infrastructure;

/// <summary>A process as /proc shows it; <see cref="StartTime"/> (clock ticks since boot) tells it from a later process given the same pid.</summary>
/// <param name="Session">The session id: a terminal's Ctrl+C reaches the processes of its session's foreground group.</param>
public sealed record ProcessEntry(int Pid, int ParentPid, int Session, long StartTime, string Name)
{
    public bool IsAlive => ProcessTree.Read(Pid) is { } now && now.StartTime == StartTime && !now.IsZombie;

    internal bool IsZombie { get; init; }

    public override string ToString() => $"{Name}[{Pid}]";
}

/// <summary>The processes of this machine read from /proc: who descends from whom, and what still lives.</summary>
public static class ProcessTree
{
    public static IReadOnlyList<ProcessEntry> All() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? Read(pid) : null)
            .OfType<ProcessEntry>()
            .ToList();

    /// <summary>The process with this pid now, if any.</summary>
    public static ProcessEntry? Find(int pid) => Read(pid);

    /// <summary>Children, grandchildren and so on of <paramref name="pid"/> (not itself), alive now.</summary>
    public static IReadOnlyList<ProcessEntry> Descendants(int pid)
    {
        var all = All().Where(p => !p.IsZombie).ToList();
        var found = new List<ProcessEntry>();
        var parents = new Queue<int>([pid]);
        while (parents.TryDequeue(out var parent))
        {
            foreach (var child in all.Where(p => p.ParentPid == parent))
            {
                found.Add(child);
                parents.Enqueue(child.Pid);
            }
        }
        return found;
    }

    /// <summary>Live processes whose command line contains <paramref name="text"/> (e.g. a test's own state directory).</summary>
    public static IReadOnlyList<ProcessEntry> WithCommandLineContaining(string text) =>
        All().Where(p => !p.IsZombie && CommandLine(p.Pid).Contains(text, StringComparison.Ordinal)).ToList();

    /// <summary>
    /// The processes of one local run: those whose command line or environment names <paramref name="stateDirectory"/>
    /// (PostgreSQL, Redis by its working directory, the services: DCP starts them outside the AppHost's own process tree), with their descendants
    /// (PostgreSQL's backends, a job's ffmpeg).
    /// </summary>
    public static IReadOnlyList<ProcessEntry> OfLocalRun(string stateDirectory)
    {
        var roots = All().Where(p => !p.IsZombie && (CommandLine(p.Pid).Contains(stateDirectory, StringComparison.Ordinal)
            || Environment(p.Pid).Contains(stateDirectory, StringComparison.Ordinal)
            || WorkingDirectory(p.Pid).StartsWith(stateDirectory, StringComparison.Ordinal))).ToList();
        return roots.Concat(roots.SelectMany(r => Descendants(r.Pid))).DistinctBy(p => p.Pid).ToList();
    }

    // redis-server rewrites its command line to "host:port"; it runs in its data directory.
    private static string WorkingDirectory(int pid)
    {
        try { return new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget ?? ""; }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }

    private static string Environment(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/environ"); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) for all of <paramref name="processes"/> to be gone; fails naming
    /// <paramref name="whatWasAwaited"/> and those still alive.</summary>
    public static Task WaitForExitAsync(IEnumerable<ProcessEntry> processes, TimeSpan timeout, string whatWasAwaited) =>
        Wait.UntilAsync(() => Task.FromResult(processes.Where(p => p.IsAlive).ToList()), alive => alive.Count == 0, timeout,
            whatWasAwaited, alive => $"still running: {string.Join(", ", alive)}", TimeSpan.FromMilliseconds(100));

    internal static ProcessEntry? Read(int pid)
    {
        try
        {
            // pid (comm) state ppid ... ; comm may hold spaces and parentheses, so split after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            var name = stat[(stat.IndexOf('(') + 1)..close];
            var fields = stat[(close + 2)..].Split(' ');
            return new ProcessEntry(pid, int.Parse(fields[1]), int.Parse(fields[3]), long.Parse(fields[19]), name) { IsZombie = fields[0] is "Z" or "X" };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
