namespace MediaAspire.Api.Live;

public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>The RTMP server as the app model references it (<c>services__rtmp__rtmp__0</c>).</summary>
    public const string IngestEndpointSetting = "services:rtmp:rtmp:0";

    /// <summary>The RTMP base URL publishers reach from outside (a load balancer's), when it is not the one the app model
    /// references; the ingest URL is this plus <c>/live/&lt;key&gt;</c>.</summary>
    public string? PublicIngestUrl { get; set; }

    /// <summary>How long on_publish waits for the worker's reader to join before letting the publisher in, so the
    /// recording and the analysis start at the stream's first frame; past it the publisher is admitted anyway.</summary>
    public TimeSpan ReaderWait { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>How long a live session waits for its publisher to come back after it left (a dropped connection, an
    /// encoder restarted: OBS retries after a few seconds) before it ends and its recording is stored. A publisher
    /// admitted back within it carries on the same session, recording and events. Zero ends the session at once.</summary>
    public TimeSpan ReconnectGrace { get; set; } = TimeSpan.FromSeconds(15);
}
