namespace MediaAspire.Platform.Highlights;

/// <param name="T">Seconds from the start of the recording.</param>
public sealed record ChatMessage(double T, string? User = null, string? Text = null);

/// <param name="LagSeconds">How long after the moment viewers react in chat; null is the configured default (5 s).</param>
public sealed record ChatTimeline(IReadOnlyList<ChatMessage>? Messages, double? LagSeconds = null);

/// <param name="Type">raid, gift_subs, hype_train, cheer, sub, redemption (others weigh 0 unless configured).</param>
/// <param name="Amount">Viewers raiding, subs gifted, bits cheered…: shown in the reason, not weighed.</param>
public sealed record ChannelEvent(double T, string Type, double? Amount = null);

/// <summary>
/// What <c>POST /api/assets/{id}/highlights</c> takes and the highlights job is asked for (every field optional).
/// The external timelines travel in the job's parameters, so a retried job sees exactly what was posted.
/// </summary>
/// <param name="Top">How many highlights at most; null is the configured default.</param>
/// <param name="TranscriptVtt">The recording's transcript as WebVTT or SRT (either is recognised).</param>
/// <param name="Keywords">Words whose density in the transcript counts as excitement; null is the configured list.</param>
public sealed record HighlightRequest(
    int? Top = null,
    ChatTimeline? Chat = null,
    IReadOnlyList<ChannelEvent>? Events = null,
    string? TranscriptVtt = null,
    IReadOnlyList<string>? Keywords = null);
