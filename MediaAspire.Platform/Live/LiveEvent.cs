using System.Text.Json;

namespace MediaAspire.Platform.Live;

/// <summary>The kinds of event a live stream's analysis sends; every time in them is in media seconds from the stream's start.</summary>
public static class LiveEventTypes
{
    /// <summary><c>{"seq","start","end"}</c>: a segment closed and is in the playlist.</summary>
    public const string Segment = "segment";

    /// <summary><c>{"t"}</c>: a scene cut.</summary>
    public const string Cut = "cut";

    /// <summary><c>{"t","scores":{…},"explicit_score"}</c>: a keyframe's content scores.</summary>
    public const string Scores = "scores";

    /// <summary><c>{"brand","start","end","score"}</c>: a brand on screen.</summary>
    public const string Brand = "brand";

    /// <summary><c>{"asset_id"}</c> (null with a <c>reason</c> when the recording could not be kept): the last event.</summary>
    public const string Ended = "ended";
}

/// <param name="Id">The Redis stream entry id: the SSE id a client resumes after (<c>Last-Event-ID</c>).</param>
/// <param name="Data">The event's JSON object, <c>emitted_at</c> included.</param>
public sealed record LiveEvent(string Id, string Type, JsonElement Data);
