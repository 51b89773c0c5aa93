using MediaAspire.Platform.Assets;

namespace MediaAspire.GpuWorker.Live;

/// <summary>
/// What a live stream may carry. It is recorded and served as it comes, without re-encoding (a transcode per stream
/// would cost the CPU its analysis needs), so its codecs must be ones HLS players and the recording's MP4 take as they
/// are: H.264 video, AAC or MP3 audio — what OBS and every hardware encoder send by default.
/// </summary>
public static class LiveCodecs
{
    private static readonly string[] Video = ["h264"];
    private static readonly string[] Audio = ["aac", "mp3"];

    /// <summary>Why a stream whose first segment cannot even be probed is refused: MPEG-TS carries codecs it has no
    /// place for (Sorenson Spark, VP6, Speex) as opaque data, so all that is known is that they are not the ones taken.</summary>
    public static string Unreadable(string why) =>
        $"the stream cannot be recorded as it comes ({why.TrimEnd('.')}); live streams must be H.264 video with AAC or MP3 audio";

    /// <summary>Why a stream whose first segment probed as <paramref name="probe"/> is refused, or null when it is taken.</summary>
    public static string? Refusal(MediaProbe probe)
    {
        if (probe.PrimaryVideo is not { } video) return "the stream has no video";
        if (!Video.Contains(video.Codec)) return $"the stream's video is {video.Codec}; live streams are recorded as they come, so they must be H.264 (set the encoder to H.264 video and AAC audio)";
        if (probe.AudioStreams.FirstOrDefault(a => !Audio.Contains(a.Codec)) is { } audio)
            return $"the stream's audio is {audio.Codec}; live streams are recorded as they come, so it must be AAC or MP3 (set the encoder to AAC audio)";
        return null;
    }
}
