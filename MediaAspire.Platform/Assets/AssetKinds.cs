namespace MediaAspire.Platform.Assets;

/// <summary>The kinds of asset the <c>assets.kind</c> column holds (migration 0009).</summary>
public static class AssetKinds
{
    /// <summary>Uploaded (or classified from a posted file).</summary>
    public const string Source = "source";

    /// <summary>Cut from another asset by a clips job (<see cref="Clips.Clip"/>).</summary>
    public const string Clip = "clip";

    /// <summary>A live stream's recording, kept when its session ended.</summary>
    public const string Recording = "recording";

    public static readonly IReadOnlyList<string> All = [Source, Clip, Recording];
}
