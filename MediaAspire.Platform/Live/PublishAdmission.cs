namespace MediaAspire.Platform.Live;

/// <summary>What nginx-rtmp's on_publish asked about a stream key found.</summary>
public enum PublishVerdict
{
    Admitted,
    /// <summary>A publisher came back to a live session within its grace period: the session carries on.</summary>
    Resumed,
    UnknownKey,
    Revoked,
    AlreadyLive,
    Ended,
}

/// <param name="Stream">The stream the key belongs to (null for an unknown key); when admitted or resumed, as it is now live.</param>
public sealed record PublishAdmission(PublishVerdict Verdict, LiveStream? Stream)
{
    public bool IsAdmitted => Verdict is PublishVerdict.Admitted or PublishVerdict.Resumed;

    /// <summary>Why a publisher is refused, for the API's log and the stream's record.</summary>
    public string Reason => Verdict switch
    {
        PublishVerdict.Admitted => "admitted",
        PublishVerdict.Resumed => "admitted back into its session",
        PublishVerdict.UnknownKey => "unknown stream key",
        PublishVerdict.Revoked => "the stream key was revoked",
        PublishVerdict.AlreadyLive => "the stream already has a publisher",
        _ => "the stream has ended; create a new one to go live again",
    };
}
