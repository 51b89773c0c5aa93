using MediaAspire.GpuWorker.Quality;
using OpenCvSharp;

namespace MediaAspire.Tests.Quality;

public sealed class FrameQualityAnalyzerTests
{
    private readonly FrameQualityAnalyzer _analyzer = new();

    // Real photos at normal exposure (scikit-image's samples from Debian's python3-skimage).
    public static TheoryData<string> Photos => ["astronaut.png", "coffee.png", "chelsea.png", "camera.png", "motorcycle_left.png"];

    public static TheoryData<string, string, string> Degradations()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var photo in (string[])["astronaut.png", "coffee.png", "chelsea.png", "camera.png", "motorcycle_left.png"])
        foreach (var (degradation, tag) in (ReadOnlySpan<(string, string)>)[("blur", "blurry"), ("noise", "noisy"), ("over-exposure", "overexposed"),
                     ("under-exposure", "dark"), ("jpeg quality 5", "compressed"), ("low contrast", "low-contrast")])
            data.Add(photo, degradation, tag);
        return data;
    }

    [Theory]
    [MemberData(nameof(Photos))]
    public void A_clean_photo_scores_well_with_no_tags(string photo)
    {
        using var image = QualityPhotos.Skimage(photo);

        var quality = _analyzer.Measure(image);

        Assert.InRange(quality.Score, 0.7, 1);
        Assert.Empty(quality.Tags);
        Assert.InRange(quality.Exposure, 0.3, 0.7);
        Assert.InRange(quality.Blockiness, 0.9, 1.2);
    }

    [Theory]
    [MemberData(nameof(Degradations))]
    public void Score_drops_and_the_tag_appears_when_the_photo_is_degraded(string photo, string degradation, string tag)
    {
        using var image = QualityPhotos.Skimage(photo);
        using var degraded = degradation switch
        {
            "blur" => QualityPhotos.Blurred(image),
            "noise" => QualityPhotos.Noisy(image),
            "over-exposure" => QualityPhotos.Exposed(image, 1, 130),
            "under-exposure" => QualityPhotos.Exposed(image, 0.25, 0),
            "jpeg quality 5" => QualityPhotos.Jpeg(image, 5),
            "low contrast" => QualityPhotos.Exposed(image, 0.2, 100),
            _ => throw new ArgumentOutOfRangeException(nameof(degradation)),
        };

        var before = _analyzer.Measure(image);
        var after = _analyzer.Measure(degraded);

        Assert.True(after.Score <= 0.9 * before.Score, $"{photo} {degradation}: {before.Score:F3} -> {after.Score:F3}");
        Assert.Contains(tag, after.Tags);
    }

    [Fact]
    public void Raw_measures_move_the_way_their_degradation_pushes_them()
    {
        using var image = QualityPhotos.Skimage("astronaut.png");
        using var blurred = QualityPhotos.Blurred(image);
        using var noisy = QualityPhotos.Noisy(image);
        using var dark = QualityPhotos.Exposed(image, 0.25, 0);

        var clean = _analyzer.Measure(image);

        Assert.True(_analyzer.Measure(blurred).Sharpness < clean.Sharpness / 10);
        // 25 grey levels of noise per colour channel is ~16.7 in the grey mix (0.299, 0.587, 0.114 weights).
        Assert.InRange(_analyzer.Measure(noisy).Noise, 13, 20);
        var darker = _analyzer.Measure(dark);
        Assert.Equal(clean.Exposure * 0.25, darker.Exposure, 2);
        Assert.Equal(clean.Contrast * 0.25, darker.Contrast, 2);
    }

    [Fact]
    public void Refuses_an_empty_frame()
    {
        using var empty = new Mat();

        Assert.Throws<ArgumentException>(() => _analyzer.Measure(empty));
    }
}
