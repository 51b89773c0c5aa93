namespace MediaAspire.Platform.Brands;

/// <summary>Where a detection came from: a logo's local features, or a name read in on-screen text.</summary>
public static class BrandSources
{
    public const string Logo = "logo";
    public const string Text = "text";
}

/// <summary>One stretch of time a brand was on screen, merged from consecutive sampled detections.</summary>
/// <param name="Start">First sampled frame it was seen in, seconds.</param>
/// <param name="End">One sampling interval after the last frame it was seen in, seconds.</param>
/// <param name="Score">The best detection's score (0–1).</param>
/// <param name="BestT">Time of that best detection.</param>
/// <param name="Box">Where it was at <see cref="BestT"/>: x, y, width, height in the video's pixels (as displayed).</param>
/// <param name="Source">One of <see cref="BrandSources"/>.</param>
public sealed record BrandAppearance(string Brand, Guid BrandId, double Start, double End, double Score, string Source, double BestT, IReadOnlyList<int> Box);

/// <summary>How long a brand was on screen in all (overlapping appearances counted once) and how much of the picture it took.</summary>
/// <param name="MeanAreaShare">Mean over its detections of its box's area divided by the picture's.</param>
public sealed record BrandExposure(string Brand, Guid BrandId, double Seconds, double MeanAreaShare);

/// <summary>A line of text read on screen at a sampled time.</summary>
/// <param name="Box">x, y, width, height in the video's pixels.</param>
public sealed record OnScreenText(double T, string Text, IReadOnlyList<int> Box, double Confidence);

/// <summary><c>GET /api/assets/{id}/brands</c>: what the last brands job found.</summary>
public sealed record BrandResult(IReadOnlyList<BrandAppearance> Appearances, IReadOnlyList<BrandExposure> Exposure, IReadOnlyList<OnScreenText> Text);
