namespace MediaAspire.Platform.Live;

/// <summary>What nginx-rtmp's on_publish asked about a stream key found.</summary>
public enum PublishVerdict
{
    Admitted,
    UnknownKey,
    Revoked,
    AlreadyLive,
    Ended,
}

/// <param name="Stream">The stream the key belongs to (null for an unknown key); for <see cref="PublishVerdict.Admitted"/>, as it is now live.</param>
public sealed record PublishAdmission(PublishVerdict Verdict, LiveStream? Stream)
{
    /// <summary>Why a publisher is refused, for the API's log and the stream's record.</summary>
    public string Reason => Verdict switch
    {
        PublishVerdict.Admitted => "admitted",
        PublishVerdict.UnknownKey => "unknown stream key",
        PublishVerdict.Revoked => "the stream key was revoked",
        PublishVerdict.AlreadyLive => "the stream already has a publisher",
        _ => "the stream has ended; create a new one to go live again",
    };
}
