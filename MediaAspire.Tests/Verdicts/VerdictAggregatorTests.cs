using Microsoft.Extensions.Configuration;
using MediaAspire.GpuWorker.Verdicts;
using MediaAspire.GpuWorker.Scoring;
using MediaAspire.Platform.Verdicts;

namespace MediaAspire.Tests.Verdicts;

public sealed class VerdictAggregatorTests
{
    private static readonly VerdictOptions Options = new();

    private static Keyframe Frame(double t, double quality, ClassScores scores, int faces = 0, params string[] tags) =>
        new(t, 0, quality, faces, scores.ByClassName(), tags);

    private static readonly ClassScores Neutral = new(0.05f, 0.01f, 0.9f, 0.02f, 0.02f);
    private static readonly ClassScores Explicit = new(0.01f, 0.1f, 0.1f, 0.7f, 0.09f);

    [Fact]
    public void One_explicit_keyframe_makes_the_video_explicit_and_is_reported_as_the_trigger()
    {
        var verdict = VerdictAggregator.Aggregate([Frame(1, 0.9, Neutral), Frame(4, 0.95, Explicit), Frame(7, 0.5, Neutral)], Options);

        Assert.True(verdict.IsExplicit);
        Assert.Equal(0.8, verdict.ExplicitScore, 3); // Porn 0.7 + Hentai 0.1
        Assert.Equal(4, verdict.TriggerT);
        // The sharpest frame is explicit, so the poster is the best of the others.
        Assert.Equal(1, verdict.PosterT);
        Assert.Equal(0.9, verdict.QualityScore, 3); // median of 0.5, 0.9, 0.95
    }

    [Fact]
    public void Below_the_threshold_nothing_is_explicit_and_the_rubric_and_threshold_are_settings()
    {
        var frames = new[] { Frame(0, 0.6, Explicit), Frame(2, 0.4, Neutral) };

        var strict = VerdictAggregator.Aggregate(frames, Options with { ExplicitThreshold = 0.85 });
        var sexyOnly = VerdictAggregator.Aggregate(frames, Options with { ExplicitClasses = ["Sexy"] });

        Assert.False(strict.IsExplicit);
        Assert.Equal(0, strict.PosterT);
        Assert.Equal(0.5, strict.QualityScore, 3); // median of two
        Assert.Equal(0.09, sexyOnly.ExplicitScore, 3);
        Assert.False(sexyOnly.IsExplicit);
    }

    [Fact]
    public void A_configured_rubric_replaces_the_default_rather_than_adding_to_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Analysis:ExplicitClasses:0"] = "Sexy",
        }).Build();
        var configured = configuration.GetSection(VerdictOptions.Section).Get<VerdictOptions>()!;
        var frames = new[] { Frame(0, 0.6, Explicit) };

        Assert.Equal(["Sexy"], configured.ExplicitRubric);
        Assert.Equal(["Porn", "Hentai"], new VerdictOptions().ExplicitRubric);
        Assert.Equal(0.09, VerdictAggregator.Aggregate(frames, configured).ExplicitScore, 3);
    }

    [Fact]
    public void Tags_carry_the_share_of_keyframes_that_support_them()
    {
        var drawing = new ClassScores(0.8f, 0.1f, 0.05f, 0.03f, 0.02f);

        var verdict = VerdictAggregator.Aggregate(
            [Frame(0, 0.3, drawing, faces: 2, "dark"), Frame(1, 0.3, drawing, 0, "dark", "blurry"), Frame(2, 0.3, drawing), Frame(3, 0.3, drawing)], Options);

        Assert.Equal(
            [("drawing", 0.9), ("faces", 0.25), ("blurry", 0.25), ("dark", 0.5)],
            verdict.SceneTags.Select(t => (t.Tag, Math.Round(t.Confidence, 2))));
    }
}
