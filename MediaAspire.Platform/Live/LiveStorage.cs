namespace MediaAspire.Platform.Live;

/// <summary>Where a live stream's HLS lives in object storage while it is live (and after, until it is deleted).</summary>
public static class LiveStorage
{
    public const string MasterPlaylist = "master.m3u8";
    public const string MediaPlaylist = "index.m3u8";

    public static string HlsPrefix(Guid streamId) => $"live/{streamId:N}/hls/";

    public static string HlsKey(Guid streamId, string file) => HlsPrefix(streamId) + file;

    /// <summary>The name of the <paramref name="sequence"/>-th segment (from 0), as the worker's segmenter writes it.</summary>
    public static string SegmentName(int sequence) => $"seg_{sequence:00000}.ts";
}
