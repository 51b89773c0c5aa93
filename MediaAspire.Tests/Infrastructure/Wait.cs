using System.Diagnostics;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>
/// The tests' one wait-until: polls a condition and fails with a message that says what was awaited and what was
/// last seen. Tests wait on conditions, never for a fixed time, so a loaded machine makes them slower, not red.
/// </summary>
public static class Wait
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Polls <paramref name="condition"/> until it is true; <paramref name="whatWasAwaited"/> is asked only on time-out.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> whatWasAwaited,
        TimeSpan? interval = null, CancellationToken cancellationToken = default) =>
        PollAsync(condition, done => done, timeout, _ => whatWasAwaited(), interval, cancellationToken);

    /// <summary>
    /// Polls <paramref name="probe"/> until <paramref name="until"/> holds for its value and returns that value;
    /// after <paramref name="timeout"/> fails naming <paramref name="whatWasAwaited"/> and the last value seen
    /// (as <paramref name="describe"/> writes it, else its ToString). Exceptions of the probe are not retried.
    /// </summary>
    public static Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> until, TimeSpan timeout, string whatWasAwaited,
        Func<T, string>? describe = null, TimeSpan? interval = null, CancellationToken cancellationToken = default) =>
        PollAsync(probe, until, timeout, last => $"{whatWasAwaited}; last seen: {(describe is null ? last?.ToString() ?? "nothing" : describe(last))}",
            interval, cancellationToken);

    private static async Task<T> PollAsync<T>(Func<Task<T>> probe, Func<T, bool> until, TimeSpan timeout, Func<T, string> timedOut,
        TimeSpan? interval, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (until(value)) return value;
            if (waited.Elapsed > timeout) throw new TimeoutException($"Waited {timeout.TotalSeconds:F0} s for {timedOut(value)}");
            await Task.Delay(interval ?? DefaultInterval, cancellationToken);
        }
    }
}
