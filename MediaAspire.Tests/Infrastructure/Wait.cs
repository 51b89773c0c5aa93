namespace MediaAspire.Tests.Infrastructure;

/// <summary>The tests' one wait-until: polls a condition and fails with a message that says what was awaited.</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> whatWasAwaited, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"After {timeout.TotalSeconds:F0} s: {whatWasAwaited()}");
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200));
        }
    }
}
