using MediaAspire.GpuWorker.Highlights;
using MediaAspire.Platform.Highlights;
using MediaAspire.Platform.Json;

namespace MediaAspire.Tests.Highlights;

/// <summary>The ranking stage on its own: event weights are settings that change the order, and the same input gives the same list.</summary>
public sealed class HighlightRankingTests
{
    private static readonly HighlightRequest Events = new(Events: [new ChannelEvent(60, "raid", 20), new ChannelEvent(200, "sub"), new ChannelEvent(203, "Gift Subs", 5)]);

    [Fact]
    public void Event_weights_decide_the_order_as_configured()
    {
        var defaults = HighlightDetector.Rank(300, null, null, Events, new HighlightSettings());
        var subsFirst = new HighlightSettings();
        subsFirst.EventWeights["raid"] = 1;
        var reweighed = HighlightDetector.Rank(300, null, null, Events, subsFirst);

        // Defaults: raid 10 against sub 2 + gift subs 8 where those overlap: a tie, which the earlier moment wins.
        Assert.Equal([60, 200], defaults.Highlights.Select(Moment));
        Assert.Equal([200, 60], reweighed.Highlights.Select(Moment));
        Assert.Equal("raid (20)", defaults.Highlights[0].Reasons.Single().Detail);
        Assert.Equal("sub, gift_subs (5)", reweighed.Highlights[0].Reasons.Single().Detail);
        Assert.Equal(10, reweighed.Highlights[0].Reasons.Single().Score);
        Assert.Equal(1, reweighed.Highlights[1].Reasons.Single().Score);
    }

    [Fact]
    public void Unweighted_event_types_count_for_nothing_and_the_same_input_gives_the_same_list()
    {
        var request = Events with { Events = [.. Events.Events!, new ChannelEvent(120, "follow")] };
        var loudness = Enumerable.Range(0, 300).Select(t => t is >= 250 and < 256 ? -15.0 : -40 + (t % 7) * 0.1).ToArray();
        var first = HighlightDetector.Rank(300, loudness, [10, 11, 12, 13, 14, 15, 16, 17], request, new HighlightSettings());
        var again = HighlightDetector.Rank(300, loudness, [10, 11, 12, 13, 14, 15, 16, 17], request, new HighlightSettings());

        Assert.Equal(PlatformJson.Serialize(first), PlatformJson.Serialize(again));
        Assert.DoesNotContain(first.Highlights, h => h.Start <= 120 && 120 < h.End && h.Reasons.Any(r => r.Detail.Contains("follow")));
        Assert.Equal(["audio", "scenes", "events"], first.Signals);
        var loud = Assert.Single(first.Highlights, h => h.Start <= 252 && 252 < h.End);
        Assert.StartsWith("loudness +", loud.Reasons[0].Detail);
        var cuts = Assert.Single(first.Highlights, h => h.Start <= 13 && 13 < h.End);
        Assert.Contains(cuts.Reasons, r => r.Signal == "scenes" && r.Detail.StartsWith("8 cuts in 10 s", StringComparison.Ordinal));
    }

    /// <summary>Which of the two event moments (60 s, 200 s) a highlight is.</summary>
    private static int Moment(DetectedHighlight h) => (h.Start + h.End) / 2 < 130 ? 60 : 200;
}
