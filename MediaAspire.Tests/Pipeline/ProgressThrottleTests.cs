using MediaAspire.GpuWorker.Jobs;

namespace MediaAspire.Tests.Pipeline;

/// <summary>The worker's progress throttling on its own.</summary>
public sealed class ProgressThrottleTests
{
    [Fact]
    public async Task Progress_is_written_once_per_interval_but_every_stage_change_is_written()
    {
        var written = new List<(string Stage, float Progress)>();
        var throttle = new ProgressThrottle((stage, progress) => { written.Add((stage, progress)); return Task.CompletedTask; }, TimeSpan.FromHours(1));

        for (var i = 0; i < 10; i++) await throttle.ReportAsync("encoding", i / 10f);
        await throttle.ReportAsync("storing", 0.95f);
        await throttle.ReportAsync("storing", 0.99f);

        Assert.Equal([("encoding", 0f), ("storing", 0.95f)], written);
    }
}
