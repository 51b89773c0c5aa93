using MediaAspire.AppHost.Hosting;

namespace MediaAspire.Tests.AppHost;

/// <summary>The wait before restarting a crashed instance: doubling over consecutive crashes, from the start again after a stable run.</summary>
public sealed class CrashBackoffTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Consecutive_crashes_double_the_wait_up_to_30_seconds()
    {
        var backoff = new CrashBackoff();

        var waits = Enumerable.Range(0, 9).Select(_ => backoff.OnCrash(healthySince: null, Now).TotalSeconds).ToList();

        Assert.Equal([0.5, 1, 2, 4, 8, 16, 30, 30, 30], waits);
    }

    [Fact]
    public void A_run_healthy_for_30_seconds_starts_the_count_again_but_a_shorter_one_does_not()
    {
        var backoff = new CrashBackoff();
        for (var i = 0; i < 6; i++) backoff.OnCrash(null, Now);

        var afterShortRun = backoff.OnCrash(Now.AddSeconds(-29), Now);
        var afterStableRun = backoff.OnCrash(Now.AddSeconds(-30), Now);
        var next = backoff.OnCrash(null, Now);

        Assert.Equal(TimeSpan.FromSeconds(30), afterShortRun);
        Assert.Equal(TimeSpan.FromSeconds(0.5), afterStableRun);
        Assert.Equal(TimeSpan.FromSeconds(1), next);
    }
}
