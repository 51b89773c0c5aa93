namespace MediaAspire.Platform.Renditions;

/// <summary>The kinds of rendition the pipeline makes from a source.</summary>
public static class RenditionKinds
{
    /// <summary>Small MP4 (or M4A for audio-only sources) for quick review.</summary>
    public const string Proxy = "proxy";

    /// <summary>320 px wide JPEG.</summary>
    public const string Thumbnail = "thumbnail";

    /// <summary>Full-size JPEG.</summary>
    public const string Poster = "poster";

    /// <summary>HLS master playlist; its variant playlists and segments sit beside it.</summary>
    public const string Hls = "hls";
}
