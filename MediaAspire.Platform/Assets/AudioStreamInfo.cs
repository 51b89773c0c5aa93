namespace MediaAspire.Platform.Assets;

public sealed record AudioStreamInfo(
    int Index,
    string Codec,
    int? Channels,
    int? SampleRate,
    long? BitRate,
    double DurationSeconds);
