using MediaAspire.Platform.Highlights;

namespace MediaAspire.Api.Assets.Highlights;

/// <summary><c>GET /api/assets/{id}/highlights</c>: best first.</summary>
public sealed record HighlightList(IReadOnlyList<Highlight> Highlights);
