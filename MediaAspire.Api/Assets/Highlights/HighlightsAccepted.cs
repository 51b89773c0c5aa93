namespace MediaAspire.Api.Assets.Highlights;

/// <summary>The answer to <c>POST /api/assets/{id}/highlights</c>: the detection job to follow, and where its highlights will be.</summary>
public sealed record HighlightsAccepted(Guid JobId, string JobUrl, string EventsUrl, string HighlightsUrl);
