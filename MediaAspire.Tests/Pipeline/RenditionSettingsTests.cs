using MediaAspire.GpuWorker.Renditions;

namespace MediaAspire.Tests.Pipeline;

public sealed class RenditionSettingsTests
{
    [Fact]
    public void The_time_limit_is_the_base_plus_a_share_per_second_of_media()
    {
        var defaults = new RenditionSettings();
        var custom = new RenditionSettings { TimeoutBase = TimeSpan.FromSeconds(30), TimeoutSecondsPerMediaSecond = 2.5 };

        Assert.Equal(
            [TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(600), TimeSpan.FromMinutes(2) + TimeSpan.FromHours(10), TimeSpan.FromMinutes(2)],
            [defaults.TimeoutFor(0), defaults.TimeoutFor(60), defaults.TimeoutFor(3600), defaults.TimeoutFor(-5)]);
        Assert.Equal(TimeSpan.FromSeconds(30 + 2.5 * 12), custom.TimeoutFor(12));
    }
}
