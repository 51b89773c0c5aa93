namespace MediaAspire.Platform.Assets;

/// <summary>What ffprobe found in an asset's source file. Times in seconds, rates in frames per second.</summary>
public sealed record MediaProbe(
    double DurationSeconds,
    string Container,
    string ContainerLongName,
    long? BitRate,
    IReadOnlyList<VideoStreamInfo> VideoStreams,
    IReadOnlyList<AudioStreamInfo> AudioStreams)
{
    /// <summary>The stream renditions are made from: the first video stream, if any.</summary>
    public VideoStreamInfo? PrimaryVideo => VideoStreams.Count > 0 ? VideoStreams[0] : null;
}
