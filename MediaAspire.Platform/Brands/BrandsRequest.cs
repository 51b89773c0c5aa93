namespace MediaAspire.Platform.Brands;

/// <summary>What <c>POST /api/assets/{id}/brands</c> takes and the brands job is asked for.</summary>
/// <param name="Fps">Frames examined per second of video; null is the default (2).</param>
public sealed record BrandsRequest(double? Fps = null)
{
    public const double DefaultFps = 2;

    public const double MaxFps = 10;
}
