namespace MediaAspire.Api.Assets.Clips;

/// <summary>The clips job to follow and the ids its clips will have (known now: a clip's id is derived from what it is).</summary>
public sealed record ClipsAccepted(Guid JobId, string JobUrl, string EventsUrl, IReadOnlyList<Guid> ClipIds, string ClipsUrl);
