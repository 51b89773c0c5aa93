namespace MediaAspire.Platform.Verdicts;

/// <summary>A face found in a keyframe.</summary>
/// <param name="Box">[x, y, width, height] in the keyframe's pixels (the source's resolution).</param>
/// <param name="Score">The detector's confidence, 0..1.</param>
public sealed record FaceBox(IReadOnlyList<int> Box, double Score);
