using MediaAspire.Platform.Clips;

namespace MediaAspire.Api.Assets.Clips;

/// <summary><c>GET /api/assets/{id}/clips</c>, and the answer to a request whose clips all exist already.</summary>
public sealed record ClipList(IReadOnlyList<Clip> Clips);
