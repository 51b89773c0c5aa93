using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Verdicts;

/// <summary>Clips for the classify endpoints: two real photos with a hard cut at 3 s, unique per call (the API dedupes bytes).</summary>
public static class ClassifyMedia
{
    public const double CutAt = 3.0;

    public static async Task<string> TwoShotsAsync(string directory, string first = "Autumn", string second = "BytheWater")
    {
        var id = Guid.NewGuid().ToString("N");
        var edit = await CutVideo.MakeAsync(Path.Combine(directory, $"edit-{id}.mp4"),
            [new Shot(CutVideo.Photo(first), Motion.ZoomIn, CutAt), new Shot(CutVideo.Photo(second), Motion.Pan, 3)], 640, 360);
        return await TestMedia.FfmpegAsync(Path.Combine(directory, $"two-shots-{id}.mp4"), "-i", edit.Path, "-c", "copy", "-metadata", $"comment={id}");
    }

    /// <summary>A real MP4's first 20 kB with the rest replaced by zeros: it sniffs as MP4, but nothing in it decodes.</summary>
    public static async Task<string> CorruptAsync(string directory)
    {
        var good = await File.ReadAllBytesAsync(await TestMedia.TestPatternAsync(directory, 320, 240, 25, 2));
        Array.Clear(good, 20_000, good.Length - 20_000);
        var path = Path.Combine(directory, $"corrupt-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(path, good);
        return path;
    }
}
