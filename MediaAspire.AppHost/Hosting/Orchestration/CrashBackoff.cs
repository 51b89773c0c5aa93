namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// How long a supervisor waits before starting again an instance that crashed or failed to start: 0.5 s doubling
/// to 30 s over consecutive crashes. A run that stayed healthy for <see cref="StableRun"/> starts the count again,
/// so a service that crashes once a day is not restarted 30 s late forever; restarts and starts the user asks
/// for are not crashes and do not count.
/// </summary>
internal sealed class CrashBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StableRun = TimeSpan.FromSeconds(30);

    /// <summary>Crashes since the last stable run.</summary>
    public int Crashes { get; private set; }

    /// <param name="healthySince">Since when the run that ended was continuously healthy; null if it never was (or did not start).</param>
    /// <returns>The wait before the next start.</returns>
    public TimeSpan OnCrash(DateTimeOffset? healthySince, DateTimeOffset now)
    {
        if (healthySince is { } since && now - since >= StableRun) Crashes = 0;
        Crashes++;
        return TimeSpan.FromMilliseconds(Math.Min(Max.TotalMilliseconds, First.TotalMilliseconds * Math.Pow(2, Crashes - 1)));
    }
}
