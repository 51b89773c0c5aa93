namespace MediaAspire.Api.Brands;

/// <summary>The body of <c>POST /api/brands</c>.</summary>
/// <param name="Aliases">Other names it is written as on screen.</param>
/// <param name="MinScore">0–1; detections scoring less are not reported. 0.5 when omitted (for a logo: ten consistent keypoints).</param>
public sealed record CreateBrandRequest(string? Name, IReadOnlyList<string>? Aliases = null, double? MinScore = null)
{
    public const double DefaultMinScore = 0.5;
    public const int MaxNameLength = 200;
    public const int MaxAliases = 20;
}
